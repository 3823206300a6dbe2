package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The three RICORD collections as an admin would define them, plus fresh collections for tests that count. */
final class RicordCollections {
    static final String ADMIN = "Bearer test-admin-token";
    static final String LICENSE = "CC BY-NC 4.0";
    static final String LICENSE_URL = "https://creativecommons.org/licenses/by-nc/4.0/";
    static final Map<String, String> DOIS = Map.of(
            "ricord-1a", "10.7937/VTW4-X588",
            "ricord-1b", "10.7937/31V8-4A40",
            "ricord-1c", "10.7937/91AH-V663");

    private RicordCollections() {
    }

    /** Creates or refreshes ricord-1a, -1b and -1c (the test database outlives a run, so either is fine). */
    static void define() {
        DOIS.forEach((slug, doi) -> given().header("Authorization", ADMIN).contentType("application/json")
                .body(definition(slug, doi))
                .put("/api/collections/" + slug)
                .then().statusCode(anyOf(is(200), is(201))));
    }

    static Map<String, Object> definition(String slug, String doi) {
        String part = slug.substring(slug.length() - 2).toUpperCase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "MIDRC-RICORD-" + part);
        body.put("doi", doi);
        body.put("version", "1");
        body.put("description", "RSNA International COVID-19 Open Radiology Database, release " + part + ".");
        body.put("citation", "Tsai, E. et al. Medical Imaging Data Resource Center (MIDRC) - RSNA International "
                + "COVID Open Research Database (RICORD) Release " + part + ". The Cancer Imaging Archive. "
                + "https://doi.org/" + doi);
        body.put("license", Map.of("name", LICENSE, "url", LICENSE_URL));
        body.put("access", "public");
        body.put("deidentification", Map.of("profile", "basic",
                "options", List.of("113101", "113105", "113107", "113108", "113109", "113111")));
        return body;
    }

    /** A new public collection with a slug no earlier run used. */
    static String fresh(String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("title", "Test " + slug))
                .put("/api/collections/" + slug)
                .then().statusCode(201);
        return slug;
    }
}
