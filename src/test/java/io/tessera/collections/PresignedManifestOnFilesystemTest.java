package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.tessera.storage.Backends;
import org.junit.jupiter.api.Test;

/** The filesystem store has no presigned URLs: {@code presigned=true} is 400 with the reason, not silently ignored. */
@QuarkusTest
class PresignedManifestOnFilesystemTest {

    @Test
    void presignedManifestsNeedTheS3Store() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Backends.filesystemStore(), "the server runs on S3");
        given().get("/api/collections/default/manifest?presigned=true").then().statusCode(400)
                .body(containsString("S3 object store"));
        given().get("/api/collections/default/manifest?presigned=false").then().statusCode(200);
    }
}
