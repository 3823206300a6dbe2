package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Collections and DOIs over HTTP: define, list, read, resolve, refuse. */
@QuarkusTest
class CollectionResourceTest {

    @BeforeEach
    void defineRicord() {
        RicordCollections.define();
    }

    @Test
    void readsACollectionInTheDesignShape() {
        given().get("/api/collections/ricord-1a").then().statusCode(200)
                .body("slug", equalTo("ricord-1a"))
                .body("title", equalTo("MIDRC-RICORD-1A"))
                .body("doi", equalTo("10.7937/VTW4-X588"))
                .body("version", equalTo("1"))
                .body("description", containsString("COVID-19"))
                .body("citation", containsString("RICORD"))
                .body("license.name", equalTo("CC BY-NC 4.0"))
                .body("license.url", equalTo("https://creativecommons.org/licenses/by-nc/4.0/"))
                .body("access", equalTo("public"))
                .body("deidentification.profile", equalTo("basic"))
                .body("deidentification.options", equalTo(List.of("113101", "113105", "113107", "113108",
                        "113109", "113111")))
                .body("counts.keySet()", hasItems("patients", "studies", "series", "instances", "bytes"))
                .body("labels", notNullValue())
                .body("modalities", notNullValue())
                .body("created", notNullValue())
                .body("links.dicomweb", endsWith("/dicomweb/collections/ricord-1a"))
                .body("links.manifest", endsWith("/api/collections/ricord-1a/manifest"))
                .body("links.archive", endsWith("/api/collections/ricord-1a/archive.zip"))
                .body("links.doi", equalTo("https://doi.org/10.7937/VTW4-X588"));
    }

    @Test
    void listsEveryPublicCollectionWithTheDefaultOne() {
        given().get("/api/collections").then().statusCode(200)
                .body("slug", hasItems("default", "ricord-1a", "ricord-1b", "ricord-1c"))
                .body("find { it.slug == 'ricord-1c' }.doi", equalTo("10.7937/91AH-V663"))
                .body("find { it.slug == 'default' }.access", equalTo("public"))
                .body("find { it.slug == 'default' }.deidentification.profile", equalTo("none"))
                .body("find { it.slug == 'default' }.deidentification.options", equalTo(List.of()));
    }

    @Test
    void resolvesDoisIgnoringCase() {
        RicordCollections.DOIS.forEach((slug, doi) -> {
            given().get("/api/dois/" + doi).then().statusCode(200).body("slug", equalTo(slug));
            given().get("/api/dois/" + doi.toLowerCase()).then().statusCode(200).body("slug", equalTo(slug));
        });
        given().get("/api/dois/10.7937/NO-SUCH-DOI").then().statusCode(404).body("error", containsString("DOI"));
        given().get("/api/dois/not-a/doi").then().statusCode(400);
        given().urlEncodingEnabled(false).get("/api/dois/10.7937%2Fvtw4-x588").then().statusCode(200)
                .body("slug", equalTo("ricord-1a"));
    }

    @Test
    void createsWith201AndUpdatesWith200() {
        String slug = RicordCollections.fresh("created");
        given().get("/api/collections/" + slug).then().statusCode(200)
                .body("doi", nullValue())
                .body("access", equalTo("public"))
                .body("deidentification.profile", equalTo("none"))
                .body("counts.studies", equalTo(0))
                .body("labels.size()", equalTo(0));

        Map<String, Object> update = new HashMap<>(RicordCollections.definition(slug, "doi:10.5555/" + slug));
        update.put("counts", Map.of("studies", 99));
        update.put("slug", slug);
        given().header("Authorization", ADMIN).contentType("application/json").body(update)
                .put("/api/collections/" + slug).then().statusCode(200)
                .body("doi", equalTo("10.5555/" + slug))
                .body("counts.studies", equalTo(0));
    }

    @Test
    void refusesInvalidDefinitionsWithClearMessages() {
        assertRefused("Bad_Slug", Map.of("title", "x"), 400, "slug");
        assertRefused("-leading-hyphen", Map.of("title", "x"), 400, "slug");
        assertRefused("untitled", Map.of("version", "1"), 400, "title is required");
        assertRefused("bad-doi", Map.of("title", "x", "doi", "11.7937/X"), 400, "not a DOI");
        assertRefused("bad-access", Map.of("title", "x", "access", "secret"), 400, "access must be one of");
        assertRefused("bad-profile", Map.of("title", "x", "deidentification", Map.of("profile", "full")), 400,
                "deidentification.profile");
        assertRefused("bad-option", Map.of("title", "x",
                "deidentification", Map.of("profile", "basic", "options", List.of("113113"))), 400, "113113");
        assertRefused("options-need-basic", Map.of("title", "x",
                "deidentification", Map.of("profile", "none", "options", List.of("113101"))), 400, "basic");
        assertRefused("bad-url", Map.of("title", "x", "license", Map.of("name", "CC0", "url", "ftp://x/y")), 400,
                "license.url");
        assertRefused("other-slug", Map.of("title", "x", "slug", "ricord-1a"), 400, "differs");
        assertRefused("doi-taken", Map.of("title", "x", "doi", "10.7937/vtw4-x588"), 409, "ricord-1a");
        given().get("/api/collections/bad-doi").then().statusCode(404);
        for (String malformed : List.of("", "not json", "{\"title\": [\"x\"]}", "[]")) {
            given().header("Authorization", ADMIN).contentType("application/json").body(malformed)
                    .put("/api/collections/malformed").then().statusCode(400);
        }
    }

    @Test
    void restrictedCollectionsAreHiddenFromAnonymousReaders() {
        String slug = RicordCollections.fresh("restricted");
        Map<String, Object> restricted = Map.of("title", "Embargoed", "access", "restricted",
                "doi", "10.5555/" + slug);
        given().header("Authorization", ADMIN).contentType("application/json").body(restricted)
                .put("/api/collections/" + slug).then().statusCode(200).body("access", equalTo("restricted"));

        given().get("/api/collections/" + slug).then().statusCode(404);
        given().get("/api/collections").then().statusCode(200).body("slug", not(hasItem(slug)));
        given().get("/api/dois/10.5555/" + slug).then().statusCode(404);
        given().get("/api/collections/" + slug + "/labels").then().statusCode(404);
        given().get("/api/collections/" + slug + "/citation").then().statusCode(404);
        given().header("Authorization", "Bearer wrong").get("/api/collections/" + slug).then().statusCode(401);

        given().header("Authorization", ADMIN).get("/api/collections/" + slug).then().statusCode(200);
        given().header("Authorization", ADMIN).get("/api/collections").then().body("slug", hasItem(slug));
        given().header("Authorization", ADMIN).get("/api/dois/10.5555/" + slug).then().statusCode(200);
    }

    @Test
    void writesNeedTheAdminToken() {
        given().contentType("application/json").body(Map.of("title", "x"))
                .put("/api/collections/no-token").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body(Map.of("title", "x"))
                .put("/api/collections/no-token").then().statusCode(401);
        given().contentType("text/csv").body("level,uid,label\nSTUDY,1.2.3,X\n")
                .post("/api/collections/ricord-1a/labels").then().statusCode(401);
        given().get("/api/collections/no-token").then().statusCode(404);
    }

    private static void assertRefused(String slug, Map<String, Object> body, int status, String message) {
        given().header("Authorization", ADMIN).contentType("application/json").body(body)
                .put("/api/collections/" + slug).then().statusCode(status)
                .body("error", containsString(message));
    }
}
