package io.tessera.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tessera.dicomweb.stow.TestInstances;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Refused writes and administrative requests (401/403) are in the audit log: who, what, when, from where. */
@QuarkusTest
class RefusalAuditTest {

    @Test
    void refusedWritesAndAdminRequestsAreRecorded() {
        String since = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).toString();
        String slug = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        String elsewhere = SecurityFixtures.collection("refused-elsewhere", false);
        var created = given().header("Authorization", SecurityFixtures.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "uploader", "grants", List.of(Map.of("collection", "default", "permission", "UPLOAD"))))
                .post("/api/tokens").then().statusCode(201).extract();
        String uploader = "Bearer " + created.path("token");
        int uploaderId = created.path("details.id");

        // Anonymous write, refused before routing.
        given().contentType(ContentType.JSON).body(Map.of("title", "x")).put("/api/collections/" + slug)
                .then().statusCode(401);
        // An unknown token on an admin read.
        given().header("Authorization", "Bearer tsr_not-a-token").get("/api/tokens").then().statusCode(401);
        // A real API token on an admin read (403 after routing) and STOW-RS without the grant (403 in the resource).
        given().header("Authorization", uploader).get("/api/audit").then().statusCode(403);
        given().header("Authorization", uploader).contentType("application/dicom")
                .body(TestInstances.instance(TestInstances.newUid(), TestInstances.newUid(), TestInstances.newUid(),
                        4, 4, 1))
                .post("/dicomweb/collections/" + elsewhere + "/studies").then().statusCode(403);
        // A refused read outside /api is not an administrative action: not recorded.
        given().header("Authorization", "Bearer tsr_not-a-token").get("/dicomweb/studies?PatientID=" + slug)
                .then().statusCode(401);

        JsonPath log = given().header("Authorization", SecurityFixtures.ADMIN)
                .get("/api/audit?limit=1000&since=" + since).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> refused = log.getList("findAll { it.action == 'request.refused' }");
        assertEntry(refused, "anonymous", "PUT /api/collections/" + slug, "401 from 127.0.0.1");
        assertEntry(refused, "invalid token", "GET /api/tokens", "401 from 127.0.0.1");
        String uploaderActor = "token:" + uploaderId + ":uploader";
        assertEntry(refused, uploaderActor, "GET /api/audit", "403 from 127.0.0.1");
        assertEntry(refused, uploaderActor, "POST /dicomweb/collections/" + elsewhere + "/studies",
                "403 from 127.0.0.1");
        given().header("Authorization", SecurityFixtures.ADMIN).get("/api/audit?limit=1000&since=" + since)
                .then().body("target", not(hasItem("GET /dicomweb/studies")))
                .body("findAll { it.action == 'request.refused' }.outcome", not(hasItem(not(equalTo("refused")))));
    }

    private static void assertEntry(List<Map<String, Object>> entries, String actor, String target, String detail) {
        boolean found = entries.stream().anyMatch(e -> actor.equals(e.get("actor")) && target.equals(e.get("target"))
                && detail.equals(e.get("detail")) && e.get("at") != null);
        if (!found) {
            throw new AssertionError("no refusal " + actor + " / " + target + " / " + detail + " in " + entries);
        }
    }
}
