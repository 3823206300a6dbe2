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
class InstanceQidoTest {
    private static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";

    @BeforeEach
    void data() {
        QidoTestData.create();
    }

    private static List<Object> instances(Response response) {
        response.then().statusCode(200).contentType("application/dicom+json");
        return firstValues(response, SOP_UID);
    }

    @Test
    void instancesOfASeriesInInstanceNumberOrder() {
        Response response = all().get("/studies/" + S1 + "/series/" + SE1A + "/instances");
        assertEquals(List.of(I1A1, I1A2, I1A3), instances(response));
        Map<String, Map<String, Object>> first = results(response).get(0);
        assertEquals(CT_IMAGE, firstValue(first, "00080016"));
        assertEquals(1, firstValue(first, "00200013"));
        assertEquals(512, firstValue(first, "00280010"));
        assertEquals("US", first.get("00280010").get("vr"));
        assertEquals(16, firstValue(first, "00280100"));
        assertEquals(S1, firstValue(first, STUDY_UID));
        assertEquals(SE1A, firstValue(first, SERIES_UID));
        assertNull(first.get("00080060"), "series attributes only when the series is not in the path");
        String url = (String) firstValue(first, RETRIEVE_URL);
        assertTrue(url.endsWith("/dicomweb/studies/" + S1 + "/series/" + SE1A + "/instances/" + I1A1), url);
    }

    @Test
    void instancesOfAStudyCarrySeriesAttributes() {
        Response response = in(SLUG_A).get("/studies/" + S1 + "/instances");
        assertEquals(List.of(I1A1, I1A2, I1A3, I1B1), instances(response));
        assertEquals("SEG", firstValue(results(response).get(3), "00080060"));
        assertEquals(List.of(I1B1), instances(all().queryParam("Modality", "SEG").get("/studies/" + S1 + "/instances")));
    }

    @Test
    void allInstancesWithUpperLevelKeysSkipPendingOnes() {
        Response response = all().queryParam("PatientID", P1).get("/instances");
        assertEquals(List.of(I1A1, I1A2, I1A3, I1B1, I3A1), instances(response));
        assertEquals(Map.of("Alphabetic", "Doe^John"), firstValue(results(response).get(0), "00100010"));
        assertEquals(List.of(I3A1), instances(in(SLUG_B).queryParam("PatientID", P1).get("/instances")));
        assertEquals(List.of(I1B1), instances(all().queryParam("StudyInstanceUID", S1)
                .queryParam("SeriesInstanceUID", SE1B).get("/instances")));
    }

    @Test
    void exactUidListAndWildcard() {
        assertEquals(List.of(I1A2), instances(all().queryParam("InstanceNumber", "2")
                .get("/studies/" + S1 + "/series/" + SE1A + "/instances")));
        assertEquals(List.of(I1A1, I1A3), instances(all().queryParam("SOPInstanceUID", I1A3 + "\\" + I1A1)
                .get("/instances")));
        assertEquals(List.of(I1B1), instances(all().queryParam("SOPClassUID", "1.2.840.10008.5.1.4.1.1.66.4")
                .get("/studies/" + S1 + "/instances")));
        assertEquals(List.of(I2A1, I2A2), instances(all().queryParam("PatientName", "M?LLER*")
                .queryParam("PatientID", ANY_PATIENT).get("/instances")));
    }

    @Test
    void dateRangePersonNamesAndFuzzy() {
        assertEquals(List.of(I2A1, I2A2), instances(all().queryParam("PatientID", ANY_PATIENT)
                .queryParam("ContentDate", "20210101-20211231").get("/instances")));
        assertEquals(List.of(I1A1, I1A2, I1A3, I1B1), instances(all().queryParam("PatientName", "DOE^john")
                .queryParam("PatientID", ANY_PATIENT).get("/instances")));
        assertEquals(List.of(I1A1, I1A2, I1A3, I1B1, I3A1), instances(all().queryParam("PatientName", "doe")
                .queryParam("fuzzymatching", "true").queryParam("PatientID", ANY_PATIENT).get("/instances")));
    }

    @Test
    void includefield() {
        Map<String, Map<String, Object>> plain = results(all().get("/studies/" + S1 + "/series/" + SE1A + "/instances"))
                .get(0);
        assertNull(plain.get("00083002"));
        Map<String, Map<String, Object>> listed = results(all().queryParam("includefield", "00083002,PatientName")
                .get("/studies/" + S1 + "/series/" + SE1A + "/instances")).get(0);
        assertEquals("1.2.840.10008.1.2.1", firstValue(listed, "00083002"));
        assertEquals(Map.of("Alphabetic", "Doe^John"), firstValue(listed, "00100010"));
        Map<String, Map<String, Object>> everything = results(all().queryParam("includefield", "all")
                .get("/studies/" + S1 + "/series/" + SE1A + "/instances")).get(0);
        assertEquals("20200115", firstValue(everything, "00080023"));
        assertEquals("CHEST", firstValue(everything, "00180015"));
    }

    @Test
    void limitOffsetAndWarning() {
        String path = "/studies/" + S1 + "/series/" + SE1A + "/instances";
        Response page = all().queryParam("limit", "2").get(path);
        assertEquals(List.of(I1A1, I1A2), instances(page));
        page.then().header("Warning", containsString("additional results"));
        assertEquals(List.of(I1A3), instances(all().queryParam("limit", "2").queryParam("offset", "2").get(path)));
    }

    @Test
    void unknownStudyOrSeriesGivesEmptyResults() {
        assertEquals(List.of(), instances(all().get("/studies/" + S1 + "/series/" + SE2A + "/instances")));
        assertEquals(List.of(), instances(all().get("/studies/2.25.9" + RUN + "/instances")));
        assertEquals(List.of(), instances(all().get("/studies/" + S4 + "/instances")));
    }

    @Test
    void invalidValuesAre400() {
        all().get("/studies/" + S1 + "/series/1.02/instances").then().statusCode(400);
        all().queryParam("SOPClassUID", "1.2.840.*").get("/instances").then().statusCode(400)
                .body("error", containsString("SOPClassUID"));
        all().queryParam("InstanceNumber", "1-3").get("/instances").then().statusCode(400);
        all().queryParam("ContentDate", "yesterday").get("/instances").then().statusCode(400);
        all().queryParam("limit", "-5").get("/instances").then().statusCode(400);
    }
}
