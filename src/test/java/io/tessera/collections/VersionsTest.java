package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.tessera.ingest.OrphanSweeper;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Immutable versions end to end (docs/versions.md): publish, add and remove studies, publish again, withdraw; the
 * bytes of version 1's manifests and archive never change except by the withdrawal, which shows as a tombstone.
 */
@QuarkusTest
class VersionsTest {
    private static final List<String> FORMATS = List.of("json", "csv", "s5cmd", "tcia");

    @Inject
    OrphanSweeper sweeper;

    @Test
    void versionOneStaysByteIdenticalWhileVersionTwoHasTheChangesAndAWithdrawalShowsInBoth() throws IOException {
        // Removing something no version holds deletes its object at once.
        DownloadFixture scratch = new DownloadFixture("versions-scratch");
        given().header("Authorization", ADMIN).delete("/dicomweb/collections/" + scratch.slug + "/studies/"
                + scratch.dxStudy).then().statusCode(200).body("instances", is(1)).body("objectsDeleted", is(1))
                .body("objectsKeptForVersions", is(0));

        DownloadFixture data = new DownloadFixture("versions");
        String api = "/api/collections/" + data.slug;
        String dx = sopsOf(data, "current", data.dxStudy).get(0);
        String ctSop = sopsOf(data, "current", data.ctStudy).get(0);

        // Nothing published yet: the default is the current content, without a version number.
        given().get(api + "/manifest").then().statusCode(200).body("version", is((Object) null))
                .body("items.size()", is(4));
        given().get(api + "/versions").then().statusCode(200).body("size()", is(0));

        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("doi", "10.5555/" + data.slug + ".v1", "releaseNotes", "First release"))
                .post(api + "/versions").then().statusCode(201)
                .body("number", is(1)).body("doi", is("10.5555/" + data.slug + ".v1"))
                .body("contents.instances", is(4)).body("changes.added.studies", is(3))
                .body("changes.removed.instances", is(0));
        given().get(api).then().body("version", is("1"));
        Map<String, byte[]> v1 = downloads(api, "1");
        assertArrayEquals(v1.get("manifest.json"), bytes(api + "/manifest"), "the default is the latest version");
        JsonPath v1Json = new JsonPath(new String(v1.get("manifest.json"), StandardCharsets.UTF_8));
        assertEquals(1, v1Json.getInt("version"));
        assertEquals("10.5555/" + data.slug + ".v1", v1Json.getString("doi"));
        given().queryParam("label", "Typical Appearance").get(api + "/manifest?version=1").then().statusCode(200)
                .body("items.studyInstanceUID", is(List.of(data.ctStudy, data.ctStudy)));
        given().get(api + "/manifest?version=1&modality=DX").then().statusCode(200)
                .body("items.sopInstanceUID", is(List.of(dx)));

        // Publishing again without a change is a conflict; bad version parameters are 4xx.
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post(api + "/versions").then().statusCode(409);
        given().get(api + "/manifest?version=one").then().statusCode(400);
        given().get(api + "/manifest?version=7").then().statusCode(404);
        given().get(api + "/archive.zip?version=7").then().statusCode(404);
        given().get(api + "/versions/one").then().statusCode(400);
        given().get(api + "/versions/7").then().statusCode(404);
        given().contentType("application/json").body("{}").post(api + "/versions").then().statusCode(401);

        // Add a study, remove one; only an admin may remove.
        String newStudy = GeneratedStudies.newUid();
        String newSeries = GeneratedStudies.newUid();
        String newSop = GeneratedStudies.newUid();
        given().header("Authorization", ADMIN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=v2")
                .body(GeneratedStudies.multipart("v2",
                        List.of(GeneratedStudies.instance("P3", newStudy, newSeries, newSop, "MR"))))
                .post("/dicomweb/collections/" + data.slug + "/studies").then().statusCode(anyOf(is(200), is(202)));
        String dxStudyUrl = "/dicomweb/collections/" + data.slug + "/studies/" + data.dxStudy;
        given().delete(dxStudyUrl).then().statusCode(401);
        given().header("Authorization", ADMIN).delete("/dicomweb/studies/" + data.dxStudy).then().statusCode(404);
        given().header("Authorization", ADMIN).delete(dxStudyUrl).then().statusCode(200)
                .body("instances", is(1)).body("objectsKeptForVersions", is(1));
        given().header("Authorization", ADMIN).delete(dxStudyUrl).then().statusCode(404);
        given().get("/dicomweb/collections/" + data.slug + "/studies?StudyInstanceUID=" + data.dxStudy)
                .then().statusCode(anyOf(is(200), is(204))).body(anyOf(is(""), is("[]")));
        given().header("Accept", "application/dicom+json").get(dxStudyUrl + "/metadata").then().statusCode(404);
        given().get("/dicomweb/collections/" + data.slug + "/studies").then().statusCode(200)
                .body("size()", is(3));
        given().header("Authorization", ADMIN).get("/api/audit?limit=20").then()
                .body("action", org.hamcrest.Matchers.hasItem("collection.remove"));

        // Removed from the current content, still served by version 1, whose bytes have not changed; the orphan
        // sweeper, even with every object past its grace period, leaves an object only a version holds.
        sweeper.sweep(Instant.now().plusSeconds(3600));
        assertEquals(v1, downloads(api, "1"));
        String v1DxUrl = v1Json.getString("items.find { it.sopInstanceUID == '" + dx + "' }.url");
        assertTrue(v1DxUrl.contains("/versions/1/instances/" + dx + "/file"), v1DxUrl);
        assertArrayEquals(data.instances.get(dx), bytes(v1DxUrl));
        given().get("/api/instances/" + dx + "/file").then().statusCode(404);
        given().get(api + "/manifest?version=current").then().statusCode(200).body("items.size()", is(4))
                .body("items.studyInstanceUID", org.hamcrest.Matchers.hasItem(newStudy));

        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("releaseNotes", "Adds P3, removes the DX study"))
                .post(api + "/versions").then().statusCode(201).body("number", is(2))
                .body("changes.added.studies", is(1)).body("changes.removed.studies", is(1))
                .body("changes.changed.studies", is(0)).body("contents.instances", is(4));
        given().get(api).then().body("version", is("2"));

        assertEquals(v1, downloads(api, "1"));
        assertArrayEquals(data.instances.get(dx), bytes(v1DxUrl));
        Map<String, byte[]> v2 = downloads(api, "2");
        assertArrayEquals(v2.get("manifest.json"), bytes(api + "/manifest"), "the default is now version 2");
        JsonPath v2Json = new JsonPath(new String(v2.get("manifest.json"), StandardCharsets.UTF_8));
        List<String> v2Studies = v2Json.getList("items.studyInstanceUID");
        assertTrue(v2Studies.contains(newStudy));
        assertFalse(v2Studies.contains(data.dxStudy));
        assertEquals(List.of(data.ctStudy, data.oddStudy, newStudy).stream().sorted().toList(),
                v2Studies.stream().distinct().sorted().toList());
        List<String> v2Entries = zipEntries(v2.get("archive.zip"));
        assertTrue(v2Entries.stream().anyMatch(name -> name.contains(newSop)));
        assertFalse(v2Entries.stream().anyMatch(name -> name.contains(dx)));

        JsonPath detail = given().get(api + "/versions/2").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(newStudy), detail.getList("changes.added.studyUIDs"));
        assertEquals(List.of(data.dxStudy), detail.getList("changes.removed.studyUIDs"));
        assertEquals(List.of(dx), detail.getList("changes.removed.sopInstanceUIDs"));
        given().get(api + "/versions").then().body("number", is(List.of(1, 2)))
                .body("[0].releaseNotes", is("First release"))
                .body("[1].releaseNotes", is("Adds P3, removes the DX study"));

        // A withdrawal is the one change to published versions: a tombstone with the note in both.
        given().contentType("application/json").body(Map.of("uids", List.of(ctSop), "note", "PHI"))
                .post(api + "/withdrawals").then().statusCode(401);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("uids", List.of(ctSop)))
                .post(api + "/withdrawals").then().statusCode(400);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("uids", List.of("1.2.3.999"), "note", "PHI")).post(api + "/withdrawals").then()
                .statusCode(404);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("uids", List.of(ctSop), "note", "Patient name burned into the header"))
                .post(api + "/withdrawals").then().statusCode(200)
                .body("tombstones", is(1)).body("versions", is(List.of(1, 2))).body("removedFromCurrent", is(1))
                .body("objectsDeleted", is(1));
        for (String version : List.of("1", "2")) {
            JsonPath manifest = given().get(api + "/manifest?version=" + version).then().statusCode(200)
                    .extract().jsonPath();
            assertFalse(manifest.getList("items.sopInstanceUID").contains(ctSop), version);
            assertEquals(List.of(ctSop), manifest.getList("withdrawn.sopInstanceUID"), version);
            assertEquals("Patient name burned into the header", manifest.getString("withdrawn[0].note"));
            byte[] archive = bytes(api + "/archive.zip?version=" + version);
            Map<String, String> texts = zipTexts(archive);
            String withdrawn = texts.get(data.slug + "/WITHDRAWN.txt");
            assertTrue(withdrawn != null && withdrawn.contains(ctSop + ".dcm\t")
                    && withdrawn.contains("Patient name burned into the header"), withdrawn);
            assertFalse(texts.get(data.slug + "/SHA256SUMS").contains(ctSop));
            assertFalse(zipEntries(archive).stream().anyMatch(name -> name.endsWith(ctSop + ".dcm")));
            given().get(api + "/versions/" + version + "/instances/" + ctSop + "/file").then().statusCode(410)
                    .body(containsString("burned"));
            assertEquals(1, given().get(api + "/versions/" + version).jsonPath()
                    .getInt("withdrawals[0].instances"));
        }
        assertNotEquals(new String(v1.get("manifest.json"), StandardCharsets.UTF_8),
                new String(bytes(api + "/manifest?version=1"), StandardCharsets.UTF_8));
        // The rest of version 1 still downloads, the removed DX instance included.
        assertArrayEquals(data.instances.get(dx), bytes(v1DxUrl));
        given().get("/dicomweb/collections/" + data.slug + "/studies/" + data.ctStudy + "/series/" + data.ctSeries
                + "/instances").then().statusCode(200).body("size()", is(1));
    }

    @Test
    void aVersionKeepsTheClinicalTableItWasPublishedWith() throws IOException {
        DownloadFixture data = new DownloadFixture("versions-clinical");
        String api = "/api/collections/" + data.slug;
        String odd = DownloadFixture.ODD_PATIENT;
        String oddSop = sopsOf(data, "current", data.oddStudy).get(0);
        publish(api).body("number", is(1)).body("clinical.changed", is(false))
                .body("clinical.rows", is((Object) null)).body("links.clinical", is((Object) null));
        byte[] v1Archive = bytes(api + "/archive.zip?version=1");

        // Version 1 had no table: importing one now changes none of its bytes, and its filters have no columns.
        importClinical(api, "PatientID,Age,RT-PCR\nP1,63,positive\n" + odd + ",45,negative\nP5,80,positive\n");
        assertArrayEquals(v1Archive, bytes(api + "/archive.zip?version=1"));
        assertFalse(zipTexts(v1Archive).containsKey(data.slug + "/clinical.csv"));
        given().get(api + "/clinical?version=1").then().statusCode(404)
                .body("error", containsString("without a clinical table"));
        given().get(api + "/manifest?version=1&clinical.Age=ge60").then().statusCode(400);

        // A new table alone is a change worth a version; the list says the clinical table changed.
        String tableA = given().get(api + "/clinical").jsonPath().getString("sha256");
        publish(api).body("number", is(2)).body("changes.added.instances", is(0))
                .body("changes.removed.instances", is(0)).body("clinical.changed", is(true))
                .body("clinical.rows", is(3)).body("clinical.level", is("patient")).body("clinical.sha256", is(tableA))
                .body("links.clinical", containsString(api + "/clinical?version=2"));
        Map<String, byte[]> v2 = downloads(api, "2");
        byte[] v2Positive = bytes(api + "/archive.zip?version=2&clinical.RT-PCR=positive");
        String oldRows = "PatientID,Age,RT-PCR\r\nP1,63,positive\r\n" + odd + ",45,negative\r\n";
        assertEquals(oldRows, clinicalCsv(data, v2.get("archive.zip")), "the rows of the archive's patients");

        // Re-importing a changed table does not touch version 2; version 3 has the new one.
        importClinical(api, "PatientID,Age,RT-PCR,Smoker\nP1,64,negative,no\n" + odd + ",46,positive,yes\n");
        assertEquals(v2, downloads(api, "2"));
        assertArrayEquals(v2Positive, bytes(api + "/archive.zip?version=2&clinical.RT-PCR=positive"));
        publish(api).body("number", is(3)).body("clinical.changed", is(true)).body("clinical.rows", is(2));
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post(api + "/versions").then().statusCode(409);
        assertEquals(v2, downloads(api, "2"));
        assertArrayEquals(v1Archive, bytes(api + "/archive.zip?version=1"));
        assertEquals(oldRows, clinicalCsv(data, v2.get("archive.zip")));
        String newRows = "PatientID,Age,RT-PCR,Smoker\r\nP1,64,negative,no\r\n" + odd + ",46,positive,yes\r\n";
        assertEquals(newRows, clinicalCsv(data, bytes(api + "/archive.zip?version=3")));
        assertEquals(newRows, clinicalCsv(data, bytes(api + "/archive.zip")), "the default is version 3");
        given().get(api + "/versions").then().body("clinical.changed", is(List.of(false, true, true)));

        // Filters within a version select by the version's rows.
        assertEquals(sorted(data.ctStudy, data.dxStudy),
                studiesOf(api + "/manifest?version=2&clinical.RT-PCR=positive"));
        assertEquals(List.of(data.oddStudy), studiesOf(api + "/manifest?version=3&clinical.RT-PCR=positive"));
        assertEquals(sorted(data.ctStudy, data.dxStudy), studiesOf(api + "/manifest?version=2&clinical.Age=ge60"));
        assertEquals(List.of(data.oddStudy), studiesOf(api + "/manifest?version=current&clinical.Smoker=yes"));
        given().get(api + "/manifest?version=2&clinical.Smoker=yes").then().statusCode(400)
                .body("error", containsString("Age, RT-PCR"));
        assertEquals("PatientID,Age,RT-PCR\r\nP1,63,positive\r\n",
                clinicalCsv(data, v2Positive), "a filtered archive holds the matching rows");

        // The snapshot itself, whole (patients without images included), and filtered.
        given().get(api + "/clinical?version=2").then().statusCode(200).body("version", is(2))
                .body("sha256", is(tableA)).body("total", is(3))
                .body("rows.PatientID", is(List.of("P1", odd, "P5")))
                .body("columns.find { it.name == 'RT-PCR' }.values.positive", is(2));
        given().get(api + "/clinical?version=2&Age=ge60&format=csv").then().statusCode(200)
                .body(is("PatientID,Age,RT-PCR\r\nP1,63,positive\r\nP5,80,positive\r\n"));
        given().get(api + "/clinical?version=3").then().statusCode(200).body("rows.'RT-PCR'", is(List.of("negative",
                "positive")));
        given().get(api + "/clinical?version=current").then().statusCode(200).body("total", is(2))
                .body("version", is((Object) null));
        given().get(api + "/clinical").then().statusCode(200).body("total", is(2));
        given().get(api + "/clinical?version=9").then().statusCode(404);
        given().get(api + "/clinical?version=two").then().statusCode(400);

        // A patient whose every instance is withdrawn leaves the archives' clinical.csv; the snapshot keeps the row.
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("uids", List.of(oddSop), "note", "PHI in the pixels")).post(api + "/withdrawals")
                .then().statusCode(200).body("versions", is(List.of(1, 2, 3)));
        assertEquals("PatientID,Age,RT-PCR\r\nP1,63,positive\r\n",
                clinicalCsv(data, bytes(api + "/archive.zip?version=2")));
        assertEquals("PatientID,Age,RT-PCR,Smoker\r\nP1,64,negative,no\r\n",
                clinicalCsv(data, bytes(api + "/archive.zip?version=3")));
        given().get(api + "/clinical?version=2").then().body("rows.PatientID", is(List.of("P1", odd, "P5")));

        // A version that changes only images keeps the table (shared, unchanged); a table of studies joins by study.
        String tableB = given().get(api + "/clinical").jsonPath().getString("sha256");
        given().header("Authorization", ADMIN).delete("/dicomweb/collections/" + data.slug + "/studies/"
                + data.dxStudy).then().statusCode(200);
        publish(api).body("number", is(4)).body("clinical.changed", is(false)).body("clinical.sha256", is(tableB));
        importClinical(api, "PatientID,StudyInstanceUID,Result\nP1," + data.ctStudy + ",DETECTED\nP1,"
                + data.dxStudy + ",NOT DETECTED\n");
        publish(api).body("number", is(5)).body("clinical.changed", is(true)).body("clinical.level", is("study"));
        assertEquals("PatientID,StudyInstanceUID,Result\r\nP1," + data.ctStudy + ",DETECTED\r\n",
                clinicalCsv(data, bytes(api + "/archive.zip?version=5")), "the rows of the version's studies");
        assertEquals(List.of(data.ctStudy), studiesOf(api + "/manifest?version=5&clinical.Result=DETECTED"));
        assertEquals(List.of(), studiesOf(api + "/manifest?version=5&clinical.Result=NOT%20DETECTED"));
        assertEquals(List.of(data.ctStudy), studiesOf(api + "/manifest?version=4&clinical.RT-PCR=negative"));
    }

    private static io.restassured.response.ValidatableResponse publish(String api) {
        return given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post(api + "/versions").then().statusCode(201);
    }

    private static void importClinical(String api, String csv) {
        given().header("Authorization", ADMIN).contentType("text/csv").body(csv).put(api + "/clinical").then()
                .statusCode(200).body("changed", is(true));
    }

    private static String clinicalCsv(DownloadFixture data, byte[] archive) throws IOException {
        return zipTexts(archive).get(data.slug + "/clinical.csv");
    }

    private static List<String> sorted(String... uids) {
        return java.util.Arrays.stream(uids).sorted().toList();
    }

    /** The distinct study UIDs of a manifest, sorted. */
    private static List<String> studiesOf(String manifestUrl) {
        List<String> studies = given().urlEncodingEnabled(false).get(manifestUrl).then().statusCode(200).extract()
                .jsonPath().getList("items.studyInstanceUID");
        return studies.stream().distinct().sorted().toList();
    }

    @Test
    void nbiaDateCallsAnswerFromTheVersionHistory() {
        DownloadFixture data = new DownloadFixture("versions-nbia");
        String api = "/api/collections/" + data.slug;
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MM-dd-yyyy"));
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).format(DateTimeFormatter.ofPattern("MM-dd-yyyy"));
        String nbia = "/nbia-api/services/v4/";
        given().get(nbia + "NewPatientsInCollection?Collection=" + data.slug + "&fromDate=" + today).then()
                .statusCode(200).body("size()", is(2)); // not versioned: by ingest time
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post(api + "/versions").then().statusCode(201);
        // Stored after version 1 and not published: not released yet.
        given().header("Authorization", ADMIN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=nb")
                .body(GeneratedStudies.multipart("nb", List.of(GeneratedStudies.instance("P9",
                        GeneratedStudies.newUid(), GeneratedStudies.newUid(), GeneratedStudies.newUid(), "CT"))))
                .post("/dicomweb/collections/" + data.slug + "/studies").then().statusCode(anyOf(is(200), is(202)));
        List<String> patients = given().get(nbia + "NewPatientsInCollection?Collection=" + data.slug
                + "&fromDate=" + today).then().statusCode(200).extract().jsonPath().getList("PatientId");
        assertEquals(List.of("P1", DownloadFixture.ODD_PATIENT), patients.stream().sorted().toList());
        given().get(nbia + "NewPatientsInCollection?Collection=" + data.slug + "&fromDate=" + tomorrow).then()
                .statusCode(200).body("size()", is(0));
        List<String> series = given().get(nbia + "getUpdatedSeries?fromDate=" + today).then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.Collection == '" + data.slug + "' }.SeriesInstanceUID");
        assertEquals(List.of(data.ctSeries, data.dxSeries, data.oddSeries).stream().sorted().toList(),
                series.stream().sorted().toList());
    }

    /** Every manifest format and the archive of {@code version}, by name. */
    private static Map<String, byte[]> downloads(String api, String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String format : FORMATS) {
            files.put("manifest." + format, bytes(api + "/manifest?format=" + format + "&version=" + version));
        }
        files.put("archive.zip", bytes(api + "/archive.zip?version=" + version));
        return new ByteMap(files);
    }

    private static byte[] bytes(String url) {
        return given().urlEncodingEnabled(false).get(url).then().statusCode(200).extract().asByteArray();
    }

    private static List<String> sopsOf(DownloadFixture data, String version, String study) {
        return given().get("/api/collections/" + data.slug + "/manifest?version=" + version).jsonPath()
                .getList("items.findAll { it.studyInstanceUID == '" + study + "' }.sopInstanceUID");
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        return List.copyOf(zipTexts(zip).keySet());
    }

    private static Map<String, String> zipTexts(byte[] zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }
        return entries;
    }

    /** A map of byte arrays that compares by content, so that assertEquals says which download differs. */
    private static final class ByteMap extends LinkedHashMap<String, byte[]> {
        ByteMap(Map<String, byte[]> files) {
            super(files);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Map<?, ?> map) || !map.keySet().equals(keySet())) {
                return false;
            }
            return entrySet().stream().allMatch(e -> map.get(e.getKey()) instanceof byte[] b
                    && java.util.Arrays.equals(b, e.getValue()));
        }

        @Override
        public int hashCode() {
            return keySet().hashCode();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            forEach((name, content) -> text.append(name).append(": ").append(content.length).append(" bytes, sha256 ")
                    .append(DownloadFixture.sha256(content)).append('\n'));
            return text.toString();
        }
    }
}
