package io.tessera.security;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.tessera.dicomweb.stow.TestInstances;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Collections, API tokens and stored studies made over HTTP as the admin, for the security tests. */
final class SecurityFixtures {
    static final String ADMIN = TestInstances.ADMIN_TOKEN;

    /** One stored instance: its collection and UIDs. */
    record Study(String collection, String study, String series, String sop) {
    }

    private SecurityFixtures() {
    }

    /** A new collection with a unique slug starting with {@code prefix}; restricted ones get a DOI too. */
    static String collection(String prefix, boolean restricted) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = restricted
                ? Map.of("title", "Test " + slug, "access", "restricted", "doi", "10.99999/" + slug)
                : Map.of("title", "Test " + slug);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/collections/" + slug).then().statusCode(201);
        return slug;
    }

    /** Creates an API token with {@code grants} (slug to permission) and returns its secret as a header value. */
    static String token(Map<String, String> grants) {
        List<Map<String, String>> list = grants.entrySet().stream()
                .map(grant -> Map.of("collection", grant.getKey(), "permission", grant.getValue())).toList();
        String secret = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "test token", "grants", list))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        return "Bearer " + secret;
    }

    /** Stores one 4x4 instance of a new study into the collection, as {@code authorization}. */
    static Study stow(String slug, String authorization) {
        Study stored = new Study(slug, TestInstances.newUid(), TestInstances.newUid(), TestInstances.newUid());
        given().header("Authorization", authorization).contentType("application/dicom")
                .body(TestInstances.instance(stored.study(), stored.series(), stored.sop(), 4, 4, 7))
                .post("/dicomweb/collections/" + slug + "/studies").then().statusCode(200);
        return stored;
    }
}
