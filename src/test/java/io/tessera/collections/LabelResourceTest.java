package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label import (CSV and JSON, all or nothing, idempotent), listing and counts, in fresh collections. */
@QuarkusTest
class LabelResourceTest {
    private static final String STUDY_A = "1.2.826.0.1.3680043.10.474.1";
    private static final String STUDY_B = "1.2.826.0.1.3680043.10.474.2";
    private static final String SERIES_B = "1.2.826.0.1.3680043.10.474.2.1";
    private static final String SOP_B = "1.2.826.0.1.3680043.10.474.2.1.1";

    /** RICORD-1A style study labels by two readers, one with a quoted comma, quote and line break. */
    private static final String CSV = "level,uid,label,value,reader\r\n"
            + "STUDY," + STUDY_A + ",Typical Appearance,,reader-1\r\n"
            + "STUDY," + STUDY_A + ",Typical Appearance,,reader-2\r\n"
            + "study," + STUDY_B + ",Indeterminate Appearance,,reader-1\r\n"
            + "SERIES," + SERIES_B + ",Mild Opacities,\"grade 2, \"\"mild\"\"\nsee notes\",reader-1\r\n"
            + "INSTANCE," + SOP_B + ",Infectious opacity,\"[[1,2],[3,4]]\",reader-2\r\n";

    @Test
    void importsCsvIdempotently() {
        String slug = RicordCollections.fresh("labels-csv");
        postCsv(slug, CSV).statusCode(200).body("imported", equalTo(5)).body("unchanged", equalTo(0));
        postCsv(slug, CSV).statusCode(200).body("imported", equalTo(0)).body("unchanged", equalTo(5));

        given().get("/api/collections/" + slug + "/labels").then().statusCode(200)
                .body("", hasSize(5))
                .body("find { it.level == 'SERIES' }.value", equalTo("grade 2, \"mild\"\nsee notes"))
                .body("find { it.level == 'STUDY' && it.uid == '" + STUDY_B + "' }.value", nullValue());
        given().get("/api/collections/" + slug).then()
                .body("labels", equalTo(Map.of("Typical Appearance", 1, "Indeterminate Appearance", 1,
                        "Mild Opacities", 1, "Infectious opacity", 1)));
    }

    @Test
    void aChangedValueIsUpdatedInPlace() {
        String slug = RicordCollections.fresh("labels-update");
        postCsv(slug, CSV).statusCode(200);
        String changed = "uid,level,label,reader,value\n" + SOP_B + ",INSTANCE,Infectious opacity,reader-2,\"[[5,6]]\"\n";
        postCsv(slug, changed).statusCode(200).body("imported", equalTo(1)).body("unchanged", equalTo(0));
        given().queryParam("label", "Infectious opacity").get("/api/collections/" + slug + "/labels").then()
                .body("", hasSize(1)).body("[0].value", equalTo("[[5,6]]"));
    }

    @Test
    void importsJsonAndListsAsCsv() {
        String slug = RicordCollections.fresh("labels-json");
        List<Map<String, Object>> rows = List.of(
                Map.of("level", "STUDY", "uid", STUDY_A, "label", "Negative for Pneumonia", "reader", "reader-3"),
                Map.of("level", "SERIES", "uid", SERIES_B, "label", "Severity", "value", 3));
        postJson(slug, rows).statusCode(200).body("imported", equalTo(2)).body("unchanged", equalTo(0));
        postJson(slug, rows).statusCode(200).body("imported", equalTo(0)).body("unchanged", equalTo(2));

        String csv = given().queryParam("format", "csv").get("/api/collections/" + slug + "/labels").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertEquals("level,uid,label,value,reader\r\n"
                + "STUDY," + STUDY_A + ",Negative for Pneumonia,,reader-3\r\n"
                + "SERIES," + SERIES_B + ",Severity,3,\r\n", csv);
        // What GET gives back imports again as the same rows.
        postCsv(slug, csv).statusCode(200).body("imported", equalTo(0)).body("unchanged", equalTo(2));
    }

    @Test
    void aBadRowRefusesTheWholeFileNamingItsLine() {
        String slug = RicordCollections.fresh("labels-bad");
        String csv = "level,uid,label,value,reader\n"
                + "STUDY," + STUDY_A + ",Typical Appearance,,reader-1\n"
                + "STUDY,1.2.03,Typical Appearance,,reader-1\n"
                + "PATIENT," + STUDY_B + ",Typical Appearance,,reader-1\n"
                + "SERIES," + SERIES_B + ",,,reader-1\n";
        postCsv(slug, csv).statusCode(400)
                .body("error", containsString("line 3: uid '1.2.03' is not a DICOM UID"))
                .body("error", containsString("line 4: level 'PATIENT' is not STUDY, SERIES or INSTANCE"))
                .body("error", containsString("line 5: label is required"))
                .body("error", not(containsString("line 2")));
        postCsv(slug, "level,uid,label\nSTUDY," + STUDY_A + "\n").statusCode(400)
                .body("error", containsString("line 2: 2 fields, the header has 3"));
        postCsv(slug, "level,uid,label\nSTUDY,\"" + STUDY_A + "\"x,L\n").statusCode(400)
                .body("error", containsString("line 2"));
        postCsv(slug, "level,uid,name\n").statusCode(400)
                .body("error", containsString("line 1")).body("error", containsString("'name'"));
        postJson(slug, List.of(Map.of("level", "STUDY", "uid", STUDY_A, "label", "Fine"),
                Map.of("level", "STUDY", "uid", "not-a-uid", "label", "Bad"))).statusCode(400)
                .body("error", containsString("row 2: uid 'not-a-uid'"));
        postJson(slug, Map.of("level", "STUDY")).statusCode(400).body("error", containsString("JSON array"));

        given().get("/api/collections/" + slug + "/labels").then().statusCode(200).body("", hasSize(0));
        given().get("/api/collections/" + slug).then().body("labels.size()", equalTo(0));
    }

    @Test
    void unknownCollectionIs404() {
        postCsv("no-such-collection", CSV).statusCode(404);
        given().get("/api/collections/no-such-collection/labels").then().statusCode(404);
    }

    private static ValidatableResponse postCsv(String slug, String csv) {
        return given().header("Authorization", ADMIN).contentType("text/csv; charset=UTF-8").body(csv)
                .post("/api/collections/" + slug + "/labels").then();
    }

    private static ValidatableResponse postJson(String slug, Object json) {
        return given().header("Authorization", ADMIN).contentType("application/json").body(json)
                .post("/api/collections/" + slug + "/labels").then();
    }
}
