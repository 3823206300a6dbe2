package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Citation exports of ricord-1b in BibTeX, RIS and DataCite JSON. */
@QuarkusTest
class CitationTest {
    private static final String CITATION = "/api/collections/ricord-1b/citation";

    @BeforeEach
    void defineRicord() {
        RicordCollections.define();
    }

    @Test
    void bibtexIsTheDefault() {
        String year = createdYear();
        given().get(CITATION).then().statusCode(200)
                .contentType(startsWith("application/x-bibtex"))
                .body(startsWith("@misc{ricord-1b_" + year + ","))
                .body(containsString("title = {{MIDRC-RICORD-1B}}"))
                .body(containsString("publisher = {Tessera}"))
                .body(containsString("year = {" + year + "}"))
                .body(containsString("doi = {10.7937/31V8-4A40}"))
                .body(containsString("url = {https://doi.org/10.7937/31V8-4A40}"))
                .body(containsString("note = {License: CC BY-NC 4.0, https://creativecommons.org/licenses/by-nc/4.0/}"))
                .body(endsWith("}\n"));
    }

    private static String createdYear() {
        String created = given().get("/api/collections/ricord-1b").then().extract().path("created");
        return created.substring(0, 4);
    }

    @Test
    void ris() {
        given().queryParam("format", "ris").get(CITATION).then().statusCode(200)
                .contentType(startsWith("application/x-research-info-systems"))
                .body(startsWith("TY  - DATA\r\nTI  - MIDRC-RICORD-1B\r\nPB  - Tessera\r\n"))
                .body(matchesPattern("(?s).*\r\nPY  - \\d{4}\r\n.*"))
                .body(containsString("\r\nDO  - 10.7937/31V8-4A40\r\n"))
                .body(containsString("\r\nUR  - https://doi.org/10.7937/31V8-4A40\r\n"))
                .body(containsString("\r\nN1  - License: CC BY-NC 4.0, https://creativecommons.org/licenses/by-nc/4.0/\r\n"))
                .body(endsWith("ER  - \r\n"));
    }

    @Test
    void datacite() {
        given().queryParam("format", "datacite").get(CITATION).then().statusCode(200)
                .contentType(startsWith("application/vnd.datacite.datacite+json"))
                .body("doi", equalTo("10.7937/31V8-4A40"))
                .body("id", equalTo("https://doi.org/10.7937/31V8-4A40"))
                .body("types.resourceTypeGeneral", equalTo("Dataset"))
                .body("titles[0].title", equalTo("MIDRC-RICORD-1B"))
                .body("publisher", equalTo("Tessera"))
                .body("version", equalTo("1"))
                .body("rightsList[0].rights", equalTo("CC BY-NC 4.0"))
                .body("rightsList[0].rightsUri", equalTo("https://creativecommons.org/licenses/by-nc/4.0/"))
                .body("schemaVersion", equalTo("http://datacite.org/schema/kernel-4"));
        int year = given().queryParam("format", "datacite").get(CITATION).then().extract().path("publicationYear");
        assertEquals(createdYear(), String.valueOf(year));
    }

    @Test
    void unknownFormatIs400() {
        given().queryParam("format", "endnote").get(CITATION).then().statusCode(400)
                .body("error", containsString("bibtex, ris, datacite"));
    }

    @Test
    void withoutADoiTheCollectionPageIsCited() {
        String slug = RicordCollections.fresh("no-doi");
        given().get("/api/collections/" + slug + "/citation").then().statusCode(200)
                .body(containsString("url = {http"))
                .body(containsString("/collections/" + slug + "}"));
    }
}
