package io.tessera.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restricted collection with one study, surface by surface: anonymous callers and a token granted another
 * collection see nothing of it (404 where a resource is named, empty where a search spans collections), and a token
 * with a READ grant on it sees everything.
 */
@QuarkusTest
class RestrictedCollectionLeakTest {
    private static final String ANONYMOUS = "";

    private static SecurityFixtures.Study secret;
    private static String granted;
    private static String otherGrant;

    /** Once per class; in @BeforeEach because REST Assured knows the test port only from there. */
    @BeforeEach
    void storeARestrictedStudyOnce() {
        if (secret != null) {
            return;
        }
        String slug = SecurityFixtures.collection("restricted", true);
        String other = SecurityFixtures.collection("other", false);
        secret = SecurityFixtures.stow(slug, SecurityFixtures.ADMIN);
        given().header("Authorization", SecurityFixtures.ADMIN).contentType("text/csv")
                .body("level,uid,label,value,reader\nSTUDY," + secret.study() + ",covid,positive,r1\n")
                .post("/api/collections/" + slug + "/labels").then().statusCode(200);
        given().header("Authorization", SecurityFixtures.ADMIN).contentType("text/csv")
                .body("PatientID,Age,RT-PCR\nSTOW-TEST,60,positive\n")
                .put("/api/collections/" + slug + "/clinical").then().statusCode(200);
        // A readable collection with the same column, so that searches over every collection know it.
        given().header("Authorization", SecurityFixtures.ADMIN).contentType("text/csv")
                .body("PatientID,RT-PCR\nP-OPEN,negative\n")
                .put("/api/collections/" + other + "/clinical").then().statusCode(200);
        given().header("Authorization", SecurityFixtures.ADMIN).contentType("application/json").body("{}")
                .post("/api/collections/" + slug + "/versions").then().statusCode(201);
        granted = SecurityFixtures.token(Map.of(slug, "READ"));
        otherGrant = SecurityFixtures.token(Map.of(other, "READ", "default", "UPLOAD"));
    }

    /** Every GET that names the collection, its DOI or one of its UIDs. */
    private List<String> namedResources() {
        String slug = secret.collection();
        String series = "/studies/" + secret.study() + "/series/" + secret.series();
        String instance = series + "/instances/" + secret.sop();
        List<String> paths = new ArrayList<>(List.of(
                "/api/collections/" + slug,
                "/api/collections/" + slug + "/citation",
                "/api/collections/" + slug + "/labels",
                "/api/collections/" + slug + "/clinical",
                "/api/collections/" + slug + "/clinical?Age=ge60&format=csv",
                "/api/collections/" + slug + "/archive.zip?clinical.Age=ge60",
                "/api/dois/10.99999/" + slug,
                "/api/collections/" + slug + "/manifest",
                "/api/collections/" + slug + "/archive.zip",
                "/api/collections/" + slug + "/versions",
                "/api/collections/" + slug + "/versions/1",
                "/api/collections/" + slug + "/versions/1/instances/" + secret.sop() + "/file",
                "/api/collections/" + slug + "/manifest?version=1",
                "/api/collections/" + slug + "/archive.zip?version=1",
                "/api/collections/" + slug + "/clinical?version=1&Age=ge60",
                "/api/collections/" + slug + "/archive.zip?version=1&clinical.RT-PCR=positive",
                "/collections/" + slug,
                "/dicomweb/collections/" + slug + "/studies"));
        for (String root : List.of("/dicomweb", "/dicomweb/collections/" + slug)) {
            for (String resource : List.of("/studies/" + secret.study(), series, instance,
                    "/studies/" + secret.study() + "/metadata", series + "/metadata", instance + "/metadata",
                    instance + "/frames/1", instance + "/rendered", "/studies/" + secret.study() + "/thumbnail")) {
                paths.add(root + resource);
            }
        }
        return paths;
    }

    /** Searches over every collection, each narrowed to the secret study. */
    private List<String> rootSearches() {
        String study = secret.study();
        return List.of("/dicomweb/studies?StudyInstanceUID=" + study, "/dicomweb/series?StudyInstanceUID=" + study,
                "/dicomweb/studies?StudyInstanceUID=" + study + "&clinical.RT-PCR=positive",
                "/dicomweb/instances?StudyInstanceUID=" + study, "/dicomweb/studies/" + study + "/series",
                "/dicomweb/studies/" + study + "/instances",
                "/dicomweb/studies/" + study + "/series/" + secret.series() + "/instances");
    }

    @Test
    void anonymousCallersSeeNothing() {
        assertHidden(ANONYMOUS);
    }

    @Test
    void aTokenGrantedAnotherCollectionSeesNothing() {
        assertHidden(otherGrant);
    }

    @Test
    void aTokenGrantedTheCollectionSeesEverything() {
        for (String path : namedResources()) {
            assertEquals(200, get(granted, path).statusCode(), path);
        }
        for (String path : rootSearches()) {
            get(granted, path).then().statusCode(200).body("size()", greaterThan(0));
        }
        get(granted, "/api/collections").then().body("slug", hasItem(secret.collection()));
        for (String page : List.of("/collections", "/app-config.js")) {
            get(granted, page).then().statusCode(200).body(containsString(secret.collection()));
        }
    }

    @Test
    void uploadGrantsDoNotOpenReads() {
        given().header("Authorization", otherGrant).contentType("application/dicom").body(new byte[0])
                .post("/dicomweb/collections/" + secret.collection() + "/studies").then().statusCode(404);
    }

    private void assertHidden(String authorization) {
        for (String path : namedResources()) {
            Response response = get(authorization, path);
            assertEquals(404, response.statusCode(), path);
            Response unknown = get(authorization, asUnknown(path));
            assertEquals(asUnknown(response.asString()), unknown.asString(), path + " differs from an unknown one");
        }
        for (String path : rootSearches()) {
            get(authorization, path).then().statusCode(200).body("$", empty());
        }
        get(authorization, "/api/collections").then().statusCode(200).body("slug", not(hasItem(secret.collection())));
        // The collection pages and the viewer's data sources list only readable collections.
        for (String page : List.of("/collections", "/app-config.js")) {
            get(authorization, page).then().statusCode(200).body(not(containsString(secret.collection())));
        }
    }

    /** The text with the secret collection and UIDs replaced by ones that were never stored. */
    private static String asUnknown(String text) {
        return text.replace(secret.collection(), "never-" + secret.collection())
                .replace(secret.study(), secret.study() + ".1")
                .replace(secret.series(), secret.series() + ".1")
                .replace(secret.sop(), secret.sop() + ".1");
    }

    private static Response get(String authorization, String path) {
        var request = given().urlEncodingEnabled(false).header("Accept", "*/*");
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return request.get(path);
    }
}
