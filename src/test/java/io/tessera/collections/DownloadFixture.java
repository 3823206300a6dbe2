package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh public collection with a DOI and four generated instances: patient P1 with a CT study of two instances
 * (labelled "Typical Appearance") and a DX study of one; a patient whose ID needs sanitizing with one CT instance.
 */
final class DownloadFixture {
    static final String ODD_PATIENT = "P2/../x y";

    final String slug;
    final String doi;
    final String title;
    final String ctStudy = GeneratedStudies.newUid();
    final String ctSeries = GeneratedStudies.newUid();
    final String dxStudy = GeneratedStudies.newUid();
    final String dxSeries = GeneratedStudies.newUid();
    final String oddStudy = GeneratedStudies.newUid();
    final String oddSeries = GeneratedStudies.newUid();
    /** SOP Instance UID to the stored bytes. */
    final Map<String, byte[]> instances;

    DownloadFixture(String prefix) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        slug = prefix + "-" + id;
        doi = "10.5555/TESSERA-" + id.toUpperCase();
        title = "Download test " + id.toUpperCase();
        Map<String, Object> definition = new java.util.LinkedHashMap<>(RicordCollections.definition(slug, doi));
        definition.put("title", title);
        definition.put("deidentification", Map.of("profile", "none")); // keep the UIDs the test compares
        given().header("Authorization", ADMIN).contentType("application/json").body(definition)
                .put("/api/collections/" + slug).then().statusCode(201);
        String ct1 = GeneratedStudies.newUid();
        String ct2 = GeneratedStudies.newUid();
        String dx = GeneratedStudies.newUid();
        String odd = GeneratedStudies.newUid();
        instances = Map.of(
                ct1, GeneratedStudies.instance("P1", ctStudy, ctSeries, ct1, "CT"),
                ct2, GeneratedStudies.instance("P1", ctStudy, ctSeries, ct2, "CT"),
                dx, GeneratedStudies.instance("P1", dxStudy, dxSeries, dx, "DX"),
                odd, GeneratedStudies.instance(ODD_PATIENT, oddStudy, oddSeries, odd, "CT"));
        given().header("Authorization", ADMIN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=dl")
                .body(GeneratedStudies.multipart("dl", List.copyOf(instances.values())))
                .post("/dicomweb/collections/" + slug + "/studies").then()
                .statusCode(anyOf(is(200), is(202))); // 202: de-identification changed attributes
        given().header("Authorization", ADMIN).contentType("text/csv")
                .body("level,uid,label,value,reader\nSTUDY," + ctStudy + ",Typical Appearance,,reader-1\n")
                .post("/api/collections/" + slug + "/labels").then().statusCode(200);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
