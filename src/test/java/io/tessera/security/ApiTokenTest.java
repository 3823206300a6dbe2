package io.tessera.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.dicomweb.stow.TestInstances;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API tokens: shown once, listed without secrets, revoked; UPLOAD grants open STOW-RS into one collection only. */
@QuarkusTest
class ApiTokenTest {

    @Test
    void theSecretIsShownOnceAndRevocationTakesEffect() {
        String slug = SecurityFixtures.collection("tokens", true);
        var created = given().header("Authorization", SecurityFixtures.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "reader", "grants", java.util.List.of(Map.of("collection", slug, "permission", "read"))))
                .post("/api/tokens").then().statusCode(201)
                .body("token", startsWith("tsr_"))
                .body("details.grants[0].permission", equalTo("READ"))
                .extract();
        String secret = created.path("token");
        int id = created.path("details.id");
        given().header("Authorization", SecurityFixtures.ADMIN).get("/api/tokens").then().statusCode(200)
                .body("id", hasItem(id))
                .body(not(org.hamcrest.Matchers.containsString(secret)));
        given().header("Authorization", "Bearer " + secret).get("/api/collections/" + slug).then().statusCode(200);

        given().header("Authorization", SecurityFixtures.ADMIN).delete("/api/tokens/" + id).then().statusCode(200)
                .body("active", equalTo(false));
        given().header("Authorization", "Bearer " + secret).get("/api/collections/" + slug).then().statusCode(401);
        given().header("Authorization", SecurityFixtures.ADMIN).get("/api/audit?limit=1000").then().statusCode(200)
                .body("findAll { it.action == 'token.revoke' }.target", hasItem("token:" + id + ":reader"));
    }

    @Test
    void tokensAreNotAdmins() {
        String token = SecurityFixtures.token(Map.of("default", "UPLOAD"));
        given().header("Authorization", token).get("/api/tokens").then().statusCode(403);
        given().get("/api/tokens").then().statusCode(401);
        given().get("/api/audit").then().statusCode(401);
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("title", "x"))
                .put("/api/collections/default").then().statusCode(401);
        given().header("Authorization", token).post("/api/admin/consistency-check").then().statusCode(401);
    }

    @Test
    void anUploadGrantOpensStowIntoItsCollectionOnly() {
        String target = SecurityFixtures.collection("upload", false);
        String elsewhere = SecurityFixtures.collection("elsewhere", false);
        String token = SecurityFixtures.token(Map.of(target, "UPLOAD"));
        SecurityFixtures.Study stored = SecurityFixtures.stow(target, token);
        given().header("Authorization", token).contentType("application/dicom").body(instance())
                .post("/dicomweb/collections/" + elsewhere + "/studies").then().statusCode(403);
        given().header("Authorization", token).contentType("application/dicom").body(instance())
                .post("/dicomweb/studies").then().statusCode(403);
        given().header("Authorization", SecurityFixtures.ADMIN).get("/api/audit?limit=1000").then().statusCode(200)
                .body("findAll { it.action == 'stow.instance' && it.outcome == 'ok' }.target",
                        hasItem(target + "/" + stored.study() + "/" + stored.series() + "/" + stored.sop()))
                .body("find { it.action == 'stow.instance' && it.target == '" + target + "/" + stored.study() + "/"
                        + stored.series() + "/" + stored.sop() + "' }.actor", startsWith("token:"));
    }

    private static byte[] instance() {
        return TestInstances.instance(TestInstances.newUid(), TestInstances.newUid(), TestInstances.newUid(), 4, 4, 1);
    }
}
