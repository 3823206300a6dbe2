package io.tessera.dicomweb.qido;

import static io.tessera.dicomweb.qido.QidoTestData.*;
import static org.hamcrest.Matchers.containsString;
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
class SeriesQidoTest {

    @BeforeEach
    void data() {
        QidoTestData.create();
    }

    private static List<Object> series(Response response) {
        response.then().statusCode(200).contentType("application/dicom+json");
        return firstValues(response, SERIES_UID);
    }

    @Test
    void seriesOfAStudyInSeriesNumberOrder() {
        Response response = all().get("/studies/" + S1 + "/series");
        assertEquals(List.of(SE1A, SE1B), series(response));
        Map<String, Map<String, Object>> first = results(response).get(0);
        assertEquals(S1, firstValue(first, STUDY_UID));
        assertEquals("CT", firstValue(first, "00080060"));
        assertEquals(1, firstValue(first, "00200011"));
        assertEquals(3, firstValue(first, "00201209"));
        assertEquals("Axial 1mm", firstValue(first, "0008103E"));
        assertEquals("20200115", firstValue(first, "00400244"));
        assertNull(first.get("00100010"), "study attributes only when the study is not in the path");
        String url = (String) firstValue(first, RETRIEVE_URL);
        assertTrue(url.endsWith("/dicomweb/studies/" + S1 + "/series/" + SE1A), url);
    }

    @Test
    void exactMatchAndCodeLists() {
        assertEquals(List.of(SE1A), series(all().queryParam("Modality", "CT").get("/studies/" + S1 + "/series")));
        assertEquals(List.of(SE1A, SE1B), series(all().queryParam("00080060", "CT,SEG")
                .get("/studies/" + S1 + "/series")));
        assertEquals(List.of(SE1B), series(all().queryParam("SeriesNumber", "2").get("/studies/" + S1 + "/series")));
        assertEquals(List.of(SE1B), series(all().queryParam("SeriesNumber", "+02").get("/studies/" + S1 + "/series")));
    }

    @Test
    void allSeriesWithStudyKeysAndStudyAttributes() {
        Response response = all().queryParam("PatientID", P1).get("/series");
        assertEquals(List.of(SE1A, SE1B, SE3A), series(response));
        assertEquals(Map.of("Alphabetic", "Doe^John"), firstValue(results(response).get(0), "00100010"));
        assertEquals(List.of(SE1A, SE1B), series(in(SLUG_A).queryParam("PatientID", P1).get("/series")));
        assertEquals(List.of(SE3A), series(in(SLUG_B).queryParam("PatientID", P1).get("/series")));
    }

    @Test
    void uidList() {
        assertEquals(List.of(SE2A, SE1A), series(all().queryParam("SeriesInstanceUID", SE1A + "," + SE2A)
                .get("/series")));
    }

    @Test
    void wildcardAndRanges() {
        assertEquals(List.of(SE1A), series(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("SeriesDescription", "Ax*").get("/series")));
        assertEquals(List.of(SE1A), series(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("PerformedProcedureStepStartDate", "20200101-20200131").get("/series")));
        assertEquals(List.of(SE1A), series(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("PerformedProcedureStepStartTime", "-1016").get("/series")));
        assertEquals(List.of(SE2A), series(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("StudyDate", "20210101-").get("/series")));
    }

    @Test
    void personNamesAndFuzzyMatching() {
        assertEquals(List.of(SE1A, SE1B), series(all().queryParam("PatientName", "doe^john")
                .queryParam("PatientID", ANY_PATIENT).get("/series")));
        assertEquals(List.of(SE1A, SE1B, SE3A), series(all().queryParam("PatientName", "doe")
                .queryParam("fuzzymatching", "true").queryParam("PatientID", ANY_PATIENT).get("/series")));
    }

    @Test
    void requestAttributesKeysAreAcceptedButMatchNothing() {
        assertEquals(List.of(), series(all().queryParam("RequestAttributesSequence.RequestedProcedureID", "RP1")
                .get("/studies/" + S1 + "/series")));
        assertEquals(List.of(), series(all().queryParam("00400275.00400009", "SPS1")
                .get("/studies/" + S1 + "/series")));
        assertEquals(List.of(SE1A, SE1B), series(all()
                .queryParam("RequestAttributesSequence.ScheduledProcedureStepID", "").get("/studies/" + S1 + "/series")));
    }

    @Test
    void includefield() {
        Map<String, Map<String, Object>> plain = results(all().get("/studies/" + S1 + "/series")).get(0);
        assertNull(plain.get("00180015"));
        Map<String, Map<String, Object>> listed = results(all().queryParam("includefield", "BodyPartExamined,00080070")
                .get("/studies/" + S1 + "/series")).get(0);
        assertEquals("CHEST", firstValue(listed, "00180015"));
        assertEquals("ACME", firstValue(listed, "00080070"));
        Map<String, Map<String, Object>> everything = results(all().queryParam("includefield", "all")
                .get("/studies/" + S1 + "/series")).get(0);
        assertEquals("General", firstValue(everything, "00080080"));
        assertEquals("Chest CT", firstValue(everything, "00081030"));
        assertNull(everything.get(SOP_UID));
    }

    @Test
    void limitAndOffset() {
        Response page = all().queryParam("limit", "1").queryParam("offset", "1").get("/studies/" + S1 + "/series");
        assertEquals(List.of(SE1B), series(page));
        Response more = all().queryParam("limit", "1").get("/studies/" + S1 + "/series");
        assertEquals(List.of(SE1A), series(more));
        more.then().header("Warning", containsString("additional results"));
    }

    @Test
    void unknownOrPendingStudiesGiveEmptyResults() {
        assertEquals(List.of(), series(all().get("/studies/2.25.1." + RUN + "/series")));
        assertEquals(List.of(), series(all().get("/studies/" + S4 + "/series")));
        assertEquals(List.of(), series(in(SLUG_B).get("/studies/" + S1 + "/series")));
    }

    @Test
    void invalidValuesAre400() {
        all().get("/studies/not-a-uid/series").then().statusCode(400);
        all().queryParam("SeriesNumber", "one").get("/series").then().statusCode(400)
                .body("error", containsString("SeriesNumber"));
        all().queryParam("SeriesInstanceUID", "1.2.*").get("/series").then().statusCode(400);
        in("no-such-" + RUN).get("/studies/" + S1 + "/series").then().statusCode(404);
    }
}
