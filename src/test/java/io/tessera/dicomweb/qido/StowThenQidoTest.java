package io.tessera.dicomweb.qido;

import static io.restassured.RestAssured.given;
import static io.tessera.dicomweb.qido.QidoTestData.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** End to end: pydicom's test files stored through STOW-RS are found by QIDO-RS at every level. */
@QuarkusTest
class StowThenQidoTest {
    private static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm");
    private static final String BOUNDARY = "qido-e2e-boundary";

    @Test
    void storedInstancesAreFoundAtEveryLevel() throws Exception {
        assumeTrue(Files.isDirectory(PYDICOM_FILES), "pydicom test files not installed");
        for (String sop : store()) {
            Map<String, Map<String, Object>> instance = results(all().queryParam("SOPInstanceUID", sop)
                    .get("/instances")).get(0);
            String study = (String) firstValue(instance, STUDY_UID);
            String series = (String) firstValue(instance, SERIES_UID);

            Map<String, Map<String, Object>> found = results(all().queryParam("StudyInstanceUID", study)
                    .get("/studies")).get(0);
            assertFalse(((List<?>) found.get("00080061").get("Value")).isEmpty(), "ModalitiesInStudy");
            assertEquals(List.of(series), firstValues(all().get("/studies/" + study + "/series"), SERIES_UID));
            assertEquals(List.of(series), firstValues(all().queryParam("SeriesInstanceUID", series).get("/series"),
                    SERIES_UID));
            assertEquals(List.of(sop), firstValues(all().get("/studies/" + study + "/series/" + series + "/instances"),
                    SOP_UID));
            assertEquals(List.of(sop), firstValues(all().get("/studies/" + study + "/instances"), SOP_UID));
        }
    }

    /** Stores the files (again, on a rerun over the same database) and returns their SOP Instance UIDs. */
    private static List<String> store() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String file : FILES) {
            body.write(("\r\n--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(Files.readAllBytes(PYDICOM_FILES.resolve(file)));
        }
        body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        Response response = given().header("Authorization", "Bearer test-admin-token")
                .contentType("multipart/related; type=\"application/dicom\"; boundary=\"" + BOUNDARY + "\"")
                .accept("application/dicom+json").body(body.toByteArray())
                .post("/dicomweb/studies");
        JsonNode stow = new ObjectMapper().readTree(response.asString());
        List<String> sops = new ArrayList<>();
        // Referenced (stored now) or Failed (already stored by an earlier run) SOP Sequence.
        for (String sequence : List.of("00081199", "00081198")) {
            for (JsonNode item : stow.path(sequence).path("Value")) {
                sops.add(item.path("00081155").path("Value").get(0).asText());
            }
        }
        assertEquals(FILES.size(), sops.size(), "STOW-RS answered " + response.statusCode() + ": " + response.asString());
        return sops;
    }
}
