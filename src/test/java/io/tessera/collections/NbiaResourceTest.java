package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NBIA v4 subset, asked the way tcia_utils asks (nbia.py builds these URLs and parameter names). */
@QuarkusTest
class NbiaResourceTest {
    private static final String V4 = "/nbia-api/services/v4/";

    @TempDir
    Path folder;

    @Test
    void browsingCallsAnswerWithTciaColumns() {
        DownloadFixture data = new DownloadFixture("nbia-browse");
        given().get(V4 + "getCollectionValues").then().statusCode(200)
                .body("Collection", hasItem(data.slug));
        given().get(V4 + "getCollectionValuesAndCounts").then()
                .body("find { it.Collection == '" + data.slug + "' }.Count", equalTo(2));
        given().queryParam("Collection", data.slug).get(V4 + "getModalityValues").then()
                .body("Modality", equalTo(List.of("CT", "DX")));
        given().queryParam("Collection", data.slug).get(V4 + "getPatient").then()
                .body("PatientId", equalTo(List.of("P1", DownloadFixture.ODD_PATIENT)));
        given().queryParam("Collection", data.slug).queryParam("PatientID", "P1").get(V4 + "getPatientStudy")
                .then().body("", hasSize(2)).body("SeriesCount", equalTo(List.of(1, 1)));
        given().queryParam("Collection", data.slug).queryParam("fromDate", "01-01-2000")
                .get(V4 + "NewPatientsInCollection").then().body("", hasSize(2));
        given().queryParam("Collection", data.slug).queryParam("fromDate", "01-01-2999")
                .get(V4 + "NewPatientsInCollection").then().body("", hasSize(0));
        given().queryParam("fromDate", "01-01-2000").get(V4 + "getUpdatedSeries").then()
                .body("SeriesInstanceUID", hasItem(data.dxSeries));

        // tcia_utils getSeries(collection=..., modality=...) and by TCIA's collection name (our title)
        Map<String, Object> ct = given().queryParam("Collection", data.title).queryParam("Modality", "CT")
                .queryParam("PatientID", "P1").get(V4 + "getSeries")
                .then().statusCode(200).body("", hasSize(1)).extract().jsonPath().getMap("[0]");
        assertEquals(data.ctSeries, ct.get("SeriesInstanceUID"));
        assertEquals(data.ctStudy, ct.get("StudyInstanceUID"));
        assertEquals(data.slug, ct.get("Collection"));
        assertEquals(2, ct.get("ImageCount"));
        assertEquals(RicordCollections.LICENSE, ct.get("LicenseName"));
        assertEquals(RicordCollections.LICENSE_URL, ct.get("LicenseURI"));
        assertEquals("https://doi.org/" + data.doi, ct.get("DataDescriptionURI"));
        long size = data.instances.entrySet().stream().filter(e -> new String(e.getValue(),
                StandardCharsets.ISO_8859_1).contains(data.ctSeries)).mapToLong(e -> e.getValue().length).sum();
        assertEquals(size, ((Number) ct.get("FileSize")).longValue());

        given().queryParam("SeriesInstanceUID", data.ctSeries).get(V4 + "getSeriesSize").then()
                .body("[0].ObjectCount", equalTo(2)).body("[0].TotalSizeInBytes", equalTo((int) size));
        given().queryParam("SeriesInstanceUID", data.ctSeries).get(V4 + "getSOPInstanceUIDs").then()
                .body("SOPInstanceUID", hasSize(2));
        given().queryParam("SeriesInstanceUID", data.ctSeries).queryParam("format", "csv")
                .get(V4 + "getSeriesMetaData").then().statusCode(200)
                .body(containsString("Series UID,Collection,Data Description URI,Subject ID"));
        given().queryParam("Collection", data.slug).queryParam("format", "csv").get(V4 + "getSeries").then()
                .body(containsString("SeriesInstanceUID,StudyInstanceUID,Modality"));
        given().formParam("DOI", data.doi).formParam("CollectionOrSeries", "series")
                .post(V4 + "getCollectionOrSeriesForDOI").then().statusCode(200)
                .body("seriesInstanceUID", hasSize(3)).body("collection", hasItem(data.slug));
    }

    @Test
    void unknownOrMissingParametersAre400() {
        given().queryParam("Colection", "x").get(V4 + "getSeries").then().statusCode(400)
                .body(containsString("Collection"));
        given().get(V4 + "getImage").then().statusCode(400);
        given().queryParam("fromDate", "2020-13-45").get(V4 + "getUpdatedSeries").then().statusCode(400);
    }

    @Test
    void getImageZipsTheSeriesWithLicenseAndMd5s() throws Exception {
        DownloadFixture data = new DownloadFixture("nbia-image");
        byte[] body = given().queryParam("SeriesInstanceUID", data.ctSeries).queryParam("NewFileNames", "Yes")
                .queryParam("IncludeMD5", "yes").get(V4 + "getImage").then().statusCode(200)
                .header("Content-Disposition", containsString(data.ctSeries + ".zip")).extract().asByteArray();
        Path file = folder.resolve("series.zip");
        Files.write(file, body);
        UnzipTool.assertTestPasses(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("LICENSE", "1-001.dcm", "1-002.dcm", "md5hashes.csv"), names);
            List<String> md5s = new String(zip.getInputStream(zip.getEntry("md5hashes.csv")).readAllBytes(),
                    StandardCharsets.US_ASCII).lines().toList();
            assertEquals("Filename,MD5Hash", md5s.get(0));
            Set<String> expected = new HashSet<>();
            for (String line : md5s.subList(1, md5s.size())) {
                String[] fields = line.split(",");
                byte[] content = zip.getInputStream(zip.getEntry(fields[0])).readAllBytes();
                assertEquals(DownloadFixture.md5(content), fields[1]);
                expected.add(DownloadFixture.sha256(content));
            }
            Set<String> stored = new HashSet<>();
            data.instances.values().forEach(bytes -> stored.add(DownloadFixture.sha256(bytes)));
            assertTrue(stored.containsAll(expected));
        }

        String sop = given().queryParam("SeriesInstanceUID", data.dxSeries).get(V4 + "getSOPInstanceUIDs")
                .jsonPath().getString("[0].SOPInstanceUID");
        byte[] single = given().queryParam("SeriesInstanceUID", data.dxSeries).queryParam("SOPInstanceUID", sop)
                .get(V4 + "getSingleImage").then().statusCode(200).contentType("application/dicom").extract()
                .asByteArray();
        assertArrayEquals(data.instances.get(sop), single);
    }
}
