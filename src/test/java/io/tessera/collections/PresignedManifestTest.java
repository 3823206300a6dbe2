package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@code presigned=true} manifests on the S3 store (S3Proxy, started by .ci/backends.sh): item URLs download the
 * stored bytes straight from the object store with plain HTTP, and a restricted collection's manifest (presigned or
 * not) still goes only to callers who may read it. Runs when TESSERA_TEST_S3_ENDPOINT is set.
 */
@QuarkusTest
@TestProfile(PresignedManifestTest.OnS3.class)
@EnabledIfEnvironmentVariable(named = "TESSERA_TEST_S3_ENDPOINT", matches = ".+")
class PresignedManifestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The server on the test S3 server, in the default bucket (the one the whole suite uses when it runs on S3), with
     * an index of its own when the suite runs on H2, so that no other test sees rows whose objects are elsewhere.
     */
    public static class OnS3 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Quarkus reads the profile while discovering tests, also where the class is then skipped for want of S3.
            return Map.of(
                    "tessera.s3.endpoint", env("TESSERA_TEST_S3_ENDPOINT"),
                    "tessera.s3.access-key", env("TESSERA_TEST_S3_ACCESS_KEY"),
                    "tessera.s3.secret-key", env("TESSERA_TEST_S3_SECRET_KEY"),
                    "tessera.data-dir", "./target/test-data-s3",
                    "tessera.s3.presigned-url-expiry", "PT10M");
        }

        private static String env(String name) {
            return Objects.requireNonNullElse(System.getenv(name), "");
        }
    }

    @Test
    void presignedUrlsDownloadTheStoredBytes() throws Exception {
        DownloadFixture fixture = new DownloadFixture("presigned");
        JsonPath manifest = given().get("/api/collections/" + fixture.slug + "/manifest?presigned=true")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = manifest.getList("items");
        assertEquals(fixture.instances.size(), items.size());
        for (Map<String, Object> item : items) {
            String url = (String) item.get("url");
            assertTrue(url.startsWith(System.getenv("TESSERA_TEST_S3_ENDPOINT")), url);
            assertTrue(url.contains("X-Amz-Expires=600"), url);
            HttpResponse<byte[]> direct = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, direct.statusCode(), url);
            assertEquals(item.get("sha256"), DownloadFixture.sha256(direct.body()));
            assertEquals(((Number) item.get("size")).longValue(), direct.body().length);
            byte[] served = given().get("/api/instances/" + item.get("sopInstanceUID") + "/file")
                    .then().statusCode(200).extract().asByteArray();
            assertArrayEquals(served, direct.body());
        }
        String endpoint = System.getenv("TESSERA_TEST_S3_ENDPOINT");
        given().get("/api/collections/" + fixture.slug + "/manifest?presigned=true&format=csv").then()
                .statusCode(200).body(containsString("," + endpoint + "/"));
        given().get("/api/dois/" + fixture.doi + "/manifest?presigned=true&format=s5cmd").then()
                .statusCode(200).body(containsString("cp " + endpoint + "/"));
        given().get("/api/collections/" + fixture.slug + "/manifest").then()
                .statusCode(200).body("items[0].url", startsWith("http://localhost"));
        given().get("/api/collections/" + fixture.slug + "/manifest?presigned=true&format=tcia").then()
                .statusCode(400).body(containsString("tcia"));
        given().get("/api/collections/" + fixture.slug + "/manifest?presigned=yes").then().statusCode(400);
    }

    @Test
    void restrictedCollectionsHandPresignedUrlsToGrantedCallersOnly() {
        String slug = "presigned-restricted-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("title", "Restricted " + slug, "access", "restricted", "doi", "10.99999/" + slug))
                .put("/api/collections/" + slug).then().statusCode(201);
        String sop = GeneratedStudies.newUid();
        given().header("Authorization", ADMIN).contentType("application/dicom")
                .body(GeneratedStudies.instance("R1", GeneratedStudies.newUid(), GeneratedStudies.newUid(), sop, "CT"))
                .post("/dicomweb/collections/" + slug + "/studies").then().statusCode(200);
        String reader = "Bearer " + given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", "presigned reader",
                        "grants", List.of(Map.of("collection", slug, "permission", "READ"))))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        String other = "Bearer " + given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", "presigned other",
                        "grants", List.of(Map.of("collection", "default", "permission", "READ"))))
                .post("/api/tokens").then().statusCode(201).extract().path("token");

        given().get("/api/collections/" + slug + "/manifest?presigned=true").then().statusCode(404);
        given().header("Authorization", other).get("/api/collections/" + slug + "/manifest?presigned=true")
                .then().statusCode(404);
        given().header("Authorization", reader).get("/api/collections/" + slug + "/manifest?presigned=true")
                .then().statusCode(200)
                .body("items[0].sopInstanceUID", org.hamcrest.Matchers.equalTo(sop))
                .body("items[0].url", startsWith(System.getenv("TESSERA_TEST_S3_ENDPOINT")));
    }
}
