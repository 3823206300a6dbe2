package io.tessera.dicomweb.qido;

import static io.tessera.dicomweb.qido.QidoTestData.*;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StudyQidoTest {

    @BeforeEach
    void data() {
        QidoTestData.create();
    }

    private static List<Object> studies(Response response) {
        response.then().statusCode(200).contentType("application/dicom+json");
        return firstValues(response, STUDY_UID);
    }

    @Test
    void exactMatchSeesOnlyStoredStudiesOfAllCollections() {
        // S4 has only a PENDING instance; newest first.
        assertEquals(List.of(S1, S3), studies(all().queryParam("PatientID", P1).get("/studies")));
        assertEquals(List.of(S1, S3), studies(all().queryParam("00100020", P1).get("/studies")));
    }

    @Test
    void scopedRootSeesOnlyItsCollection() {
        assertEquals(List.of(S1), studies(in(SLUG_A).queryParam("PatientID", P1).get("/studies")));
        assertEquals(List.of(S3), studies(in(SLUG_B).queryParam("PatientID", P1).get("/studies")));
        assertEquals(List.of(S2, S1), studies(in(SLUG_A).get("/studies")));
    }

    @Test
    void unknownCollectionIs404() {
        in("no-such-" + RUN).get("/studies").then().statusCode(404).body("error", containsString("no-such-"));
    }

    @Test
    void uidListWithCommasOrBackslashes() {
        assertEquals(List.of(S2, S1), studies(all().queryParam("StudyInstanceUID", S1 + "," + S2).get("/studies")));
        assertEquals(List.of(S2, S1), studies(all().queryParam("StudyInstanceUID", S1 + "\\" + S2).get("/studies")));
    }

    @Test
    void wildcards() {
        assertEquals(List.of(S2, S1, S3), studies(all().queryParam("PatientID", ANY_PATIENT).get("/studies")));
        assertEquals(List.of(S1), studies(all().queryParam("PatientID", "QIDO" + RUN + "-?").queryParam("StudyID", "S?")
                .get("/studies")));
        // % and _ are literal characters, not SQL wildcards.
        assertEquals(List.of(), studies(all().queryParam("PatientID", "QIDO" + RUN + "%").get("/studies")));
    }

    @Test
    void dateAndTimeRanges() {
        assertEquals(List.of(S1), studies(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("StudyDate", "20200101-20201231").get("/studies")));
        assertEquals(List.of(S2, S1), studies(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("StudyDate", "20200101-").get("/studies")));
        assertEquals(List.of(S3), studies(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("StudyDate", "-20191231").get("/studies")));
        assertEquals(List.of(S1), studies(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("StudyTime", "1000-1059").get("/studies")));
        // A coarse time stands for its whole interval: 10:15 covers 10:15:00.
        assertEquals(List.of(S1), studies(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("StudyTime", "1015").get("/studies")));
    }

    @Test
    void personNamesIgnoreCase() {
        assertEquals(List.of(S1), studies(in(SLUG_A).queryParam("PatientName", "doe^john").get("/studies")));
        assertEquals(List.of(S1, S3), studies(all().queryParam("PatientName", "DOE^J*")
                .queryParam("PatientID", ANY_PATIENT).get("/studies")));
        assertEquals(List.of(S2), studies(all().queryParam("PatientName", "müller^jürgen")
                .queryParam("PatientID", ANY_PATIENT).get("/studies")));
    }

    @Test
    void fuzzyMatchingMatchesWordPrefixesOfAnyComponent() {
        assertEquals(List.of(), studies(all().queryParam("PatientName", "john")
                .queryParam("PatientID", ANY_PATIENT).get("/studies")));
        assertEquals(List.of(S1), studies(all().queryParam("PatientName", "john").queryParam("fuzzymatching", "true")
                .queryParam("PatientID", ANY_PATIENT).get("/studies")));
        assertEquals(List.of(S1, S3), studies(all().queryParam("PatientName", "do").queryParam("fuzzymatching", "true")
                .queryParam("PatientID", ANY_PATIENT).get("/studies")));
        assertEquals(List.of(S2), studies(all().queryParam("PatientName", "mül").queryParam("fuzzymatching", "true")
                .queryParam("PatientID", ANY_PATIENT).get("/studies")));
        assertEquals(List.of(S1), studies(all().queryParam("ReferringPhysicianName", "ann")
                .queryParam("fuzzymatching", "true").queryParam("PatientID", ANY_PATIENT).get("/studies")));
    }

    @Test
    void modalitiesInStudyMatchesAnyModality() {
        assertEquals(List.of(S1), studies(in(SLUG_A).queryParam("ModalitiesInStudy", "SEG").get("/studies")));
        assertEquals(List.of(S2, S1), studies(in(SLUG_A).queryParam("ModalitiesInStudy", "MR,SEG").get("/studies")));
    }

    @Test
    void defaultAttributesAndDerivedOnes() {
        Response response = in(SLUG_A).queryParam("StudyInstanceUID", S1).get("/studies");
        Map<String, Map<String, Object>> study = results(response).get(0);
        assertEquals("CT", firstValue(study, "00080061"));
        assertEquals(List.of("CT", "SEG"), study.get("00080061").get("Value"));
        assertEquals("CS", study.get("00080061").get("vr"));
        assertEquals(2, firstValue(study, "00201206"));
        assertEquals(4, firstValue(study, "00201208"));
        assertEquals(Map.of("Alphabetic", "Doe^John"), firstValue(study, "00100010"));
        assertEquals("20200115", firstValue(study, "00080020"));
        assertEquals(P1, firstValue(study, "00100020"));
        assertEquals("19600101", firstValue(study, "00100030"));
        assertNull(study.get("00081030"), "StudyDescription is not a default");
        assertNull(study.get("00080005"), "ASCII only: no SpecificCharacterSet");
        String url = (String) firstValue(study, RETRIEVE_URL);
        assertTrue(url.matches("http://[^/]+/dicomweb/collections/" + SLUG_A + "/studies/" + S1), url);
        String unscoped = (String) firstValue(results(all().queryParam("StudyInstanceUID", S1).get("/studies")).get(0),
                RETRIEVE_URL);
        assertTrue(unscoped.matches("http://[^/]+/dicomweb/studies/" + S1), unscoped);
    }

    @Test
    void nonAsciiNamesComeWithUtf8CharacterSet() {
        Map<String, Map<String, Object>> study = results(all().queryParam("StudyInstanceUID", S2).get("/studies")).get(0);
        assertEquals("ISO_IR 192", firstValue(study, "00080005"));
        assertEquals(Map.of("Alphabetic", "Müller^Jürgen"), firstValue(study, "00100010"));
    }

    @Test
    void includefieldAddsAttributesAndIgnoresWhatCannotBeReturned() {
        Map<String, Map<String, Object>> study = results(all().queryParam("StudyInstanceUID", S1)
                .queryParam("includefield", "00081030,00080060,NoSuchKeyword")
                .queryParam("includefield", "SOPInstanceUID").get("/studies")).get(0);
        assertEquals("Chest CT", firstValue(study, "00081030"));
        assertNull(study.get("00080060"), "Modality is a series attribute");
        assertNull(study.get(SOP_UID));

        Map<String, Map<String, Object>> everything = results(all().queryParam("StudyInstanceUID", S1)
                .queryParam("includefield", "all").get("/studies")).get(0);
        assertEquals("Chest CT", firstValue(everything, "00081030"));
        assertEquals("A" + RUN, firstValue(everything, "00080050"));
        assertNull(everything.get(SERIES_UID));
    }

    @Test
    void matchingKeysAreReturnedEvenWhenUniversal() {
        Map<String, Map<String, Object>> study = results(all().queryParam("StudyInstanceUID", S1)
                .queryParam("StudyDescription", "").get("/studies")).get(0);
        assertEquals("Chest CT", firstValue(study, "00081030"));
    }

    @Test
    void limitOffsetAndWarnings() {
        Response first = all().queryParam("PatientID", ANY_PATIENT).queryParam("limit", "1").get("/studies");
        assertEquals(List.of(S2), studies(first));
        first.then().header("Warning", containsString("additional results"));
        Response second = all().queryParam("PatientID", ANY_PATIENT).queryParam("limit", "1")
                .queryParam("offset", "1").get("/studies");
        assertEquals(List.of(S1), studies(second));
        Response last = all().queryParam("PatientID", ANY_PATIENT).queryParam("limit", "1")
                .queryParam("offset", "2").get("/studies");
        assertEquals(List.of(S3), studies(last));
        last.then().header("Warning", nullValue());
        assertEquals(List.of(), studies(all().queryParam("PatientID", ANY_PATIENT).queryParam("offset", "3")
                .get("/studies")));

        Response cut = all().queryParam("PatientID", ANY_PATIENT).queryParam("limit", "999999999").get("/studies");
        assertEquals(List.of(S2, S1, S3), studies(cut));
        cut.then().header("Warning", equalTo("299 tessera \"The number of results exceeded the maximum supported"
                + " by the server. Additional results can be requested.\""));
    }

    @Test
    void invalidValuesAre400() {
        all().queryParam("limit", "ten").get("/studies").then().statusCode(400).body("error", containsString("limit"));
        all().queryParam("limit", "0").get("/studies").then().statusCode(400);
        all().queryParam("offset", "-1").get("/studies").then().statusCode(400).body("error", containsString("offset"));
        all().queryParam("StudyDate", "2020-01-01").get("/studies").then().statusCode(400)
                .body("error", containsString("StudyDate"));
        all().queryParam("StudyDate", "20201301").get("/studies").then().statusCode(400);
        all().queryParam("StudyDate", "-").get("/studies").then().statusCode(400);
        all().queryParam("StudyTime", "25").get("/studies").then().statusCode(400);
        all().queryParam("StudyInstanceUID", "1.2.abc").get("/studies").then().statusCode(400)
                .body("error", containsString("StudyInstanceUID"));
        all().queryParam("fuzzymatching", "maybe").get("/studies").then().statusCode(400);
    }

    @Test
    void unknownParametersAreIgnoredAndUnusableKeysReported() {
        assertEquals(List.of(S1, S3), studies(all().queryParam("PatientID", P1).queryParam("foo", "bar")
                .queryParam("_", "123").get("/studies")));
        Response lowerLevelKey = all().queryParam("PatientID", P1).queryParam("Modality", "MR").get("/studies");
        assertEquals(List.of(S1, S3), studies(lowerLevelKey));
        lowerLevelKey.then().header("Warning", containsString("Modality"));
    }

    @Test
    void acceptNegotiation() {
        all().accept("application/json").queryParam("PatientID", P1).get("/studies").then().statusCode(200)
                .contentType(startsWith("application/json"));
        all().accept("*/*").queryParam("PatientID", P1).get("/studies").then().statusCode(200)
                .contentType(startsWith("application/dicom+json"));
        all().accept("multipart/related; type=\"application/dicom+xml\"").get("/studies").then().statusCode(406)
                .body("error", containsString("application/dicom+json"));
    }
}
