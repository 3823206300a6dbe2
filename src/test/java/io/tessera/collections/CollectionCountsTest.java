package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tessera.index.CollectionEntity;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Studies stored through STOW-RS into a collection (profile none, so UIDs stay as sent) show in its live counts and modalities, and labels on them filter
 * studies through {@link LabelRepository}. The test database outlives a run, so counts are compared before and after.
 */
@QuarkusTest
class CollectionCountsTest {
    @Inject
    LabelRepository labels;

    @Test
    void storedStudiesCountAndLabelsFilterThem() {
        String slug = RicordCollections.fresh("counts");
        JsonPath before = collection(slug);

        // Two patients: P1 has a CT study with two series (one instance each), P2 a DX study with two instances.
        String patient1 = "RICORD-" + GeneratedStudies.newUid().substring(5, 15);
        String patient2 = patient1 + "-2";
        String studyA = GeneratedStudies.newUid();
        String seriesA1 = GeneratedStudies.newUid();
        String seriesA2 = GeneratedStudies.newUid();
        String studyB = GeneratedStudies.newUid();
        String seriesB = GeneratedStudies.newUid();
        String sopB2 = GeneratedStudies.newUid();
        List<byte[]> instances = new ArrayList<>(List.of(
                GeneratedStudies.instance(patient1, studyA, seriesA1, GeneratedStudies.newUid(), "CT"),
                GeneratedStudies.instance(patient1, studyA, seriesA2, GeneratedStudies.newUid(), "CT"),
                GeneratedStudies.instance(patient2, studyB, seriesB, GeneratedStudies.newUid(), "DX"),
                GeneratedStudies.instance(patient2, studyB, seriesB, sopB2, "DX")));
        long bytes = instances.stream().mapToLong(instance -> instance.length).sum();
        given().header("Authorization", ADMIN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=ricord")
                .body(GeneratedStudies.multipart("ricord", instances))
                .post("/dicomweb/collections/" + slug + "/studies")
                .then().statusCode(200);

        JsonPath after = collection(slug);
        assertEquals(2, delta(before, after, "patients"));
        assertEquals(2, delta(before, after, "studies"));
        assertEquals(3, delta(before, after, "series"));
        assertEquals(4, delta(before, after, "instances"));
        assertEquals(bytes, delta(before, after, "bytes"));
        given().get("/api/collections/" + slug).then().body("modalities", hasItems("CT", "DX"));

        // A label on study A itself, one on an instance of study B, one on a study not (yet) stored.
        String label = "Typical Appearance " + studyA.substring(studyA.length() - 6);
        String csv = "level,uid,label,value,reader\n"
                + "STUDY," + studyA + "," + label + ",,reader-1\n"
                + "INSTANCE," + sopB2 + "," + label + ",opacity,reader-2\n"
                + "STUDY," + GeneratedStudies.newUid() + "," + label + ",,reader-1\n";
        given().header("Authorization", ADMIN).contentType("text/csv").body(csv)
                .post("/api/collections/" + slug + "/labels").then().statusCode(200).body("imported", equalTo(3));
        given().get("/api/collections/" + slug).then().body("labels.'" + label + "'", equalTo(3));

        // QIDO-RS filters by label at every level (Tessera's label=NAME parameter).
        String root = "/dicomweb/collections/" + slug;
        given().queryParam("label", label).get(root + "/studies").then().statusCode(200)
                .body("'0020000D'.Value.flatten()", containsInAnyOrder(studyA, studyB));
        given().queryParam("label", label).get(root + "/series").then().statusCode(200).body("size()", equalTo(3));
        given().queryParam("label", label).queryParam("Modality", "DX").get(root + "/instances").then()
                .statusCode(200).body("size()", equalTo(2));
        given().queryParam("label", "No such label").get(root + "/studies").then().statusCode(200)
                .body("size()", equalTo(0));
        given().queryParam("label", "").get(root + "/studies").then().statusCode(400);

        List<String> expected = new ArrayList<>(List.of(studyA, studyB));
        expected.sort(null);
        assertEquals(expected, QuarkusTransaction.requiringNew().call(
                () -> labels.studyUidsWithLabel(collectionId(slug), label)));
        assertEquals(List.of(studyB), QuarkusTransaction.requiringNew().call(
                () -> labels.studyUidsWithLabel(collectionId(slug), label, "opacity")));
        assertEquals(List.of(), QuarkusTransaction.requiringNew().call(
                () -> labels.studyUidsWithLabel(collectionId(slug), "No such label")));
    }

    private static JsonPath collection(String slug) {
        return given().get("/api/collections/" + slug).then().statusCode(200).extract().jsonPath();
    }

    private static long delta(JsonPath before, JsonPath after, String count) {
        return after.getLong("counts." + count) - before.getLong("counts." + count);
    }

    private static long collectionId(String slug) {
        return CollectionEntity.<CollectionEntity>find("slug", slug).firstResult().id;
    }
}
