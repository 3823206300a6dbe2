package io.tessera.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.storage.Backends;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tessera.config.TesseraConfig;
import io.tessera.deid.DateShifter;
import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Tags;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * De-identification on ingest, end to end: {@link io.tessera.deid.PhiCorpus} (markers in every attribute of Table
 * E.1-1 that can hold text, in sequences and private elements) stored through STOW-RS, with a clinical file keyed by
 * the same original Patient IDs, then looked for in every response, stored object, database file and the log.
 */
@QuarkusTest
class DeidentifyingIngestTest {
    private static final List<String> TCIA_DATES = List.of("113107", "113111");
    private static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    @Inject
    TesseraConfig config;

    @Inject
    EntityManager entityManager;

    @Test
    void noMarkerReachesStoredBytesLogsOrResponses() throws IOException {
        String marker = "PHI" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        DeidentifiedArchive archive = DeidentifiedArchive.create(TCIA_DATES, false);
        Response stored = archive.store(DeidentifiedArchive.corpus(marker, true));
        assertEquals(202, stored.statusCode(), "coercion is a warning (PS3.18 10.5.3)");

        StringBuilder responses = new StringBuilder(stored.asString()).append(stored.headers());
        Dataset stowResponse = DeidentifiedArchive.dataset(stored.asByteArray());
        List<Dataset> referenced = stowResponse.items(Tags.ReferencedSOPSequence);
        assertEquals(13, referenced.size());
        assertEquals(1, referenced.stream().filter(item -> !item.contains(Tags.RetrieveURL)).count(), "one quarantined");
        referenced.forEach(item -> assertEquals(0xB000, (int) item.longs(Tags.WarningReason)[0]));
        for (String level : List.of("/studies", "/series", "/instances")) {
            responses.append(given().get(archive.root() + level + "?includefield=all").asString());
        }
        for (Dataset study : archive.query("/studies")) {
            String studyUrl = archive.root() + "/studies/" + study.string(Tags.StudyInstanceUID);
            responses.append(given().get(studyUrl + "/metadata").asString());
            responses.append(new String(given().accept(MULTIPART_DICOM).get(studyUrl).then().statusCode(200)
                    .extract().asByteArray(), StandardCharsets.ISO_8859_1));
        }
        responses.append(given().get("/api/collections/" + archive.slug).asString());
        responses.append(given().header("Authorization", DeidentifiedArchive.ADMIN)
                .get("/api/collections/" + archive.slug + "/quarantine").asString());
        responses.append(importClinicalTable(archive, marker)); // before the downloads, whose archives hold it
        responses.append(downloadsAndNbia(archive));
        assertFalse(responses.toString().contains(marker), () -> around(responses.toString(), marker));

        if (Backends.embeddedDatabase()) { // H2 then holds every row in its files, where the grep looks
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("CHECKPOINT").executeUpdate());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(config.dataDir())) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        files.add(Path.of(System.getProperty("test.build.dir", "target"), "quarkus.log"));
        assertTrue(files.stream().anyMatch(file -> file.toString().endsWith(".mv.db")), "the H2 files are searched");
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(marker), () -> file + ": " + around(bytes, marker));
            }
        }
    }

    @Test
    void patientsKeepOnePseudonymAndDateShiftAndReferencesHoldAndRepeatsAddNothing() {
        String marker = "PHI" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        DeidentifiedArchive archive = DeidentifiedArchive.create(TCIA_DATES, false);
        List<byte[]> originals = DeidentifiedArchive.corpus(marker, false);
        Response first = archive.store(originals);
        assertEquals(202, first.statusCode(), first.asString());

        List<Dataset> studies = archive.query("/studies?includefield=all");
        assertEquals(6, studies.size());
        Map<String, List<LocalDate>> datesByPatient = new HashMap<>();
        for (Dataset study : studies) {
            assertEquals(study.string(Tags.PatientID), study.string(Tags.PatientName));
            datesByPatient.computeIfAbsent(study.string(Tags.PatientID), p -> new ArrayList<>())
                    .add(LocalDate.parse(study.string(Tags.StudyDate), DateTimeFormatter.BASIC_ISO_DATE));
        }
        datesByPatient.values().forEach(dates -> dates.sort(null));
        String prefix = archive.slug.toUpperCase(Locale.ROOT) + "-";
        assertEquals(Set.of(prefix + "0001", prefix + "0002", prefix + "0003"), datesByPatient.keySet());
        // Each patient's two studies (PhiCorpus: 2020-03-01 + 40 * study + patient days) move back by that patient's
        // own shift, which the collection's secret gives. The shift is drawn from 1 to 3650 days, so a fixed bound
        // such as "before the latest original date" fails whenever a shift is shorter than the 40 days between studies.
        DateShifter shifter = DateShifter.forSecret(secretOf(archive.slug));
        Set<List<LocalDate>> expected = new HashSet<>();
        for (int patient = 1; patient <= 3; patient++) {
            String originalId = marker + "-" + Tag.toHex(Tags.PatientID) + "-P" + patient;
            int shift = shifter.offsetDays(originalId);
            assertTrue(shift <= -1 && shift >= -DateShifter.MAX_DAYS, "shift " + shift);
            LocalDate firstStudy = LocalDate.of(2020, 3, 1).plusDays(40L + patient);
            expected.add(List.of(firstStudy.plusDays(shift), firstStudy.plusDays(40 + shift)));
        }
        assertEquals(expected, new HashSet<>(datesByPatient.values()), "one shift per patient, the keyed one");

        for (Dataset study : studies) {
            List<Dataset> instances = archive.query("/studies/" + study.string(Tags.StudyInstanceUID) + "/metadata");
            assertEquals(2, instances.size());
            Set<String> sops = new HashSet<>();
            Set<String> referencedSops = new HashSet<>();
            Set<String> frames = new HashSet<>();
            for (Dataset instance : instances) {
                sops.add(instance.string(Tags.SOPInstanceUID));
                frames.add(instance.string(Tags.FrameOfReferenceUID));
                referencedSops.add(instance.items(Tags.ReferencedImageSequence).get(0).string(Tags.ReferencedSOPInstanceUID));
                assertTrue(instance.string(Tags.SOPInstanceUID).startsWith("2.25."));
            }
            assertEquals(1, referencedSops.size());
            assertTrue(sops.containsAll(referencedSops), "references follow the replaced UIDs");
            assertEquals(1, frames.size());
            assertTrue(frames.iterator().next().startsWith("2.25."));
        }

        long objectsBefore = objectCount();
        Response again = archive.store(originals);
        assertEquals(202, again.statusCode());
        assertEquals(sopUids(first), sopUids(again), "the same originals give the same UIDs");
        assertEquals(objectsBefore, objectCount(), "nothing new is stored");
        assertEquals(12, archive.query("/instances").size());
        given().get("/api/collections/" + archive.slug).then().statusCode(200)
                .body("counts.instances", org.hamcrest.Matchers.equalTo(12))
                .body("counts.patients", org.hamcrest.Matchers.equalTo(3));
    }

    @Test
    void quarantinedInstancesAreListedForAdminsButNeverServed() {
        DeidentifiedArchive archive = DeidentifiedArchive.create(TCIA_DATES, false);
        List<byte[]> corpus = DeidentifiedArchive.corpus("QUARANTINE", true);
        archive.store(corpus.subList(0, 2)).then().statusCode(202);
        Response response = archive.store(List.of(corpus.get(corpus.size() - 1)));
        assertEquals(202, response.statusCode());
        assertTrue(response.header("Warning").contains("quarantine"), response.header("Warning"));
        String sop = DeidentifiedArchive.dataset(response.asByteArray()).items(Tags.ReferencedSOPSequence).get(0)
                .string(Tags.ReferencedSOPInstanceUID);

        given().get("/api/collections/" + archive.slug + "/quarantine").then().statusCode(401);
        List<String> listed = given().header("Authorization", DeidentifiedArchive.ADMIN)
                .get("/api/collections/" + archive.slug + "/quarantine")
                .then().statusCode(200).extract().jsonPath().getList("instances.sopInstanceUID");
        assertEquals(List.of(sop), listed);
        assertTrue(archive.query("/instances?SOPInstanceUID=" + sop).isEmpty(), "QIDO does not see it");
        assertEquals(1, archive.query("/studies").size(), "its series is not published either");
        assertEquals(1, archive.query("/series").size());
        given().get("/api/collections/" + archive.slug).then()
                .body("counts.instances", org.hamcrest.Matchers.equalTo(2))
                .body("counts.series", org.hamcrest.Matchers.equalTo(1));
        Dataset study = archive.query("/studies?includefield=all").get(0);
        assertEquals("2", study.string(Tags.NumberOfStudyRelatedInstances));
        String studyUid = study.string(Tags.StudyInstanceUID);
        given().accept(MULTIPART_DICOM).get(archive.root() + "/studies/" + studyUid + "/series/"
                + DeidentifiedArchive.datasets(given().get(archive.root() + "/studies/" + studyUid + "/metadata")
                .asByteArray()).get(0).string(Tags.SeriesInstanceUID) + "/instances/" + sop).then().statusCode(404);

        DeidentifiedArchive published = DeidentifiedArchive.create(TCIA_DATES, true);
        Response publishedResponse = published.store(List.of(corpus.get(corpus.size() - 1)));
        assertTrue(DeidentifiedArchive.dataset(publishedResponse.asByteArray()).items(Tags.ReferencedSOPSequence).get(0)
                .contains(Tags.RetrieveURL), "a collection that opts in publishes it");
        assertEquals(1, published.query("/instances").size());
    }

    /**
     * Every download of the collection: the manifests in each format, the archives of the collection, each study and
     * each series (every entry inflated), each instance's file, and every NBIA API call the server implements.
     */
    private static String downloadsAndNbia(DeidentifiedArchive archive) throws IOException {
        StringBuilder text = new StringBuilder();
        String api = "/api/collections/" + archive.slug;
        for (String format : List.of("json", "csv", "tcia", "s5cmd")) {
            text.append(given().queryParam("format", format).get(api + "/manifest").then().statusCode(200)
                    .extract().asString());
        }
        List<String> archives = new ArrayList<>(List.of(api + "/archive.zip"));
        List<Dataset> series = archive.query("/series");
        archive.query("/studies").forEach(study ->
                archives.add(api + "/studies/" + study.string(Tags.StudyInstanceUID) + "/archive.zip"));
        series.forEach(one -> archives.add(api + "/series/" + one.string(Tags.SeriesInstanceUID) + "/archive.zip"));
        for (String url : archives) {
            text.append(unzipped(given().get(url).then().statusCode(200).extract().asByteArray()));
        }

        String nbia = "/nbia-api/services/v4/";
        for (String call : List.of("getCollectionValues", "getCollectionValuesAndCounts", "getModalityValues",
                "getBodyPartValues", "getPatient", "getUpdatedSeries?fromDate=01-01-1900")) {
            text.append(given().get(nbia + call).then().statusCode(200).extract().asString());
        }
        for (String call : List.of("NewPatientsInCollection?fromDate=01-01-1900&", "getPatientStudy?", "getSeries?")) {
            text.append(given().get(nbia + call + "Collection=" + archive.slug).then().statusCode(200)
                    .extract().asString());
        }
        for (Dataset one : series) {
            String uid = one.string(Tags.SeriesInstanceUID);
            for (String call : List.of("getSeriesSize", "getSOPInstanceUIDs", "getSeriesMetaData")) {
                text.append(given().get(nbia + call + "?SeriesInstanceUID=" + uid).then().statusCode(200)
                        .extract().asString());
            }
            for (String call : List.of("getImage", "getDCMImage", "getImageWithMD5Hash")) {
                text.append(unzipped(given().get(nbia + call + "?SeriesInstanceUID=" + uid + "&NewFileNames=Yes")
                        .then().statusCode(200).extract().asByteArray()));
            }
        }
        for (Dataset instance : archive.query("/instances")) {
            String sop = instance.string(Tags.SOPInstanceUID);
            text.append(new String(given().get(nbia + "getSingleImage?SeriesInstanceUID="
                    + instance.string(Tags.SeriesInstanceUID) + "&SOPInstanceUID=" + sop).then().statusCode(200)
                    .extract().asByteArray(), StandardCharsets.ISO_8859_1));
            text.append(new String(given().get("/api/instances/" + sop + "/file").then().statusCode(200)
                    .extract().asByteArray(), StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    /** The archive's own bytes (names, comments) followed by every entry inflated. */
    private static String unzipped(byte[] zip) throws IOException {
        StringBuilder text = new StringBuilder(new String(zip, StandardCharsets.ISO_8859_1));
        Path file = Files.createTempFile("deid-archive", ".zip");
        try {
            Files.write(file, zip);
            try (ZipFile archive = new ZipFile(file.toFile())) {
                assertTrue(archive.size() > 0, "an archive with entries");
                for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                    try (var in = archive.getInputStream(entry)) {
                        text.append(entry.getName()).append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        } finally {
            Files.delete(file);
        }
        return text.toString();
    }

    private byte[] secretOf(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> (byte[]) entityManager.createNativeQuery(
                        "SELECT s.secret FROM collection_secret s JOIN collection c ON c.id = s.collection_id WHERE c.slug = ?1")
                .setParameter(1, slug).getSingleResult());
    }

    @Test
    void aReleasedInstanceIsPublishedWithItsSeriesAndADiscardedOneIsGone() {
        DeidentifiedArchive archive = DeidentifiedArchive.create(TCIA_DATES, false);
        List<byte[]> corpus = DeidentifiedArchive.corpus("RELEASE", true);
        archive.store(corpus.subList(0, 2)).then().statusCode(202);
        archive.store(List.of(corpus.get(corpus.size() - 1))).then().statusCode(202);
        String quarantine = "/api/collections/" + archive.slug + "/quarantine";
        Map<String, String> held = given().header("Authorization", DeidentifiedArchive.ADMIN).get(quarantine)
                .then().statusCode(200).extract().jsonPath().getMap("instances[0]");
        String sop = held.get("sopInstanceUID");
        String series = held.get("seriesInstanceUID");

        given().post(quarantine + "/instances/" + sop + "/release").then().statusCode(401);
        given().header("Authorization", DeidentifiedArchive.ADMIN).post(quarantine + "/instances/1.2.3/release")
                .then().statusCode(404);
        given().header("Authorization", DeidentifiedArchive.ADMIN).post(quarantine + "/studies/" + sop + "/release")
                .then().statusCode(404);
        given().header("Authorization", DeidentifiedArchive.ADMIN).post(quarantine + "/instances/" + sop + "/release")
                .then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("released"))
                .body("instances", org.hamcrest.Matchers.equalTo(1));
        given().header("Authorization", DeidentifiedArchive.ADMIN).post(quarantine + "/instances/" + sop + "/release")
                .then().statusCode(404); // no longer quarantined

        assertEquals(1, archive.query("/instances?SOPInstanceUID=" + sop).size(), "QIDO sees it");
        assertEquals(2, archive.query("/series").size(), "its series is published");
        Dataset study = archive.query("/studies?includefield=all").get(0);
        assertEquals("3", study.string(Tags.NumberOfStudyRelatedInstances));
        assertEquals("2", study.string(Tags.NumberOfStudyRelatedSeries));
        assertEquals("CT\\OT", String.join("\\", study.strings(Tags.ModalitiesInStudy)));
        given().get("/api/collections/" + archive.slug).then()
                .body("counts.instances", org.hamcrest.Matchers.equalTo(3))
                .body("counts.series", org.hamcrest.Matchers.equalTo(2));
        given().accept(MULTIPART_DICOM).get(archive.root() + "/studies/" + study.string(Tags.StudyInstanceUID)
                + "/series/" + series + "/instances/" + sop).then().statusCode(200);
        assertTrue(given().header("Authorization", DeidentifiedArchive.ADMIN).get("/api/audit").asString()
                .contains("collection:" + archive.slug + " instance:" + sop), "the release is audited");

        // In another collection, the screenshot alone: discarded with its series, nothing of it is left.
        DeidentifiedArchive other = DeidentifiedArchive.create(TCIA_DATES, false);
        long objectsBefore = Backends.filesystemStore() ? objectCount() : 0;
        other.store(List.of(corpus.get(corpus.size() - 1))).then().statusCode(202);
        String otherQuarantine = "/api/collections/" + other.slug + "/quarantine";
        String heldSeries = given().header("Authorization", DeidentifiedArchive.ADMIN).get(otherQuarantine)
                .then().statusCode(200).extract().jsonPath().getString("instances[0].seriesInstanceUID");
        given().header("Authorization", DeidentifiedArchive.ADMIN).delete(otherQuarantine + "/series/" + heldSeries)
                .then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("discarded"))
                .body("instances", org.hamcrest.Matchers.equalTo(1));
        given().header("Authorization", DeidentifiedArchive.ADMIN).delete(otherQuarantine + "/series/" + heldSeries)
                .then().statusCode(404);
        given().header("Authorization", DeidentifiedArchive.ADMIN).get(otherQuarantine).then()
                .body("instances", org.hamcrest.Matchers.empty());
        if (Backends.filesystemStore()) {
            assertEquals(objectsBefore, objectCount(), "its object is deleted");
        }
        given().get("/api/collections/" + other.slug).then()
                .body("counts.instances", org.hamcrest.Matchers.equalTo(0))
                .body("counts.studies", org.hamcrest.Matchers.equalTo(0));
        given().get("/api/collections/" + archive.slug).then()
                .body("counts.instances", org.hamcrest.Matchers.equalTo(3));
        other.store(List.of(corpus.get(corpus.size() - 1))).then().statusCode(202); // may be sent again after all
        assertTrue(given().header("Authorization", DeidentifiedArchive.ADMIN).get("/api/audit").asString()
                .contains("collection:" + other.slug + " series:" + heldSeries), "the discard is audited");
    }

    @Test
    void labelsNamingTheProvidersOriginalUidsLandOnTheStoredOnes() {
        DeidentifiedArchive archive = DeidentifiedArchive.create(TCIA_DATES, false);
        List<byte[]> corpus = DeidentifiedArchive.corpus("LABELS", false);
        archive.store(corpus.subList(0, 2)).then().statusCode(202);
        String originalStudy = "1.2.826.0.1.3680043.2.1125.1.1"; // PhiCorpus: patient 1, study 1
        String storedStudy = archive.query("/studies").get(0).string(Tags.StudyInstanceUID);
        String storedSop = archive.query("/instances").get(0).string(Tags.SOPInstanceUID);
        String labels = "/api/collections/" + archive.slug + "/labels";

        importLabels(labels, "", "STUDY,%s,finding,from-original\n".formatted(originalStudy)
                + "INSTANCE,%s,finding,from-stored\n".formatted(storedSop)).then().statusCode(200)
                .body("imported", org.hamcrest.Matchers.equalTo(2));
        importLabels(labels, "?uids=original", "STUDY,%s,grade,2\n".formatted(originalStudy)).then().statusCode(200);
        importLabels(labels, "?uids=stored", "STUDY,%s,reviewed,yes\n".formatted(storedStudy)).then().statusCode(200);
        importLabels(labels, "?uids=maybe", "STUDY,%s,x,y\n".formatted(storedStudy)).then().statusCode(400);

        List<Map<String, String>> rows = given().get(labels).then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(Set.of(storedStudy + " finding", storedSop + " finding", storedStudy + " grade",
                storedStudy + " reviewed"), rows.stream().map(row -> row.get("uid") + " " + row.get("label"))
                .collect(java.util.stream.Collectors.toSet()));
        assertFalse(given().get(labels + "?format=csv").asString().contains(originalStudy), "no original UID kept");
        assertEquals(1, archive.query("/studies?label=grade").size(), "the label finds the study");
    }

    private static Response importLabels(String labels, String query, String rows) {
        return given().header("Authorization", DeidentifiedArchive.ADMIN).contentType("text/csv")
                .body("level,uid,label,value\n" + rows).post(labels + query);
    }

    /**
     * The PHI corpus's clinical file: its patients by their original IDs (and a fourth without images), with markers in
     * the name column, in free text and in a category cell that repeats the patient's ID; admission on the day of the
     * patient's first study. Checks the table as stored and returns every response that shows it.
     */
    private static String importClinicalTable(DeidentifiedArchive archive, String marker) {
        StringBuilder csv = new StringBuilder("PatientID,PatientName,Age,Referral,Admission Date,Notes\n");
        for (int patient = 1; patient <= 4; patient++) {
            String id = marker + "-" + Tag.toHex(Tags.PatientID) + "-P" + patient;
            csv.append(id).append(',').append(marker).append("-NAME-P").append(patient).append(',')
                    .append(50 + patient).append(',').append(patient == 3 ? id + "/ER" : "clinic").append(',')
                    .append(LocalDate.of(2020, 3, 1).plusDays(40 + patient)).append(',')
                    .append(marker).append("-NOTES-P").append(patient).append(" seen\n");
        }
        String api = "/api/collections/" + archive.slug + "/clinical";
        Response imported = given().header("Authorization", DeidentifiedArchive.ADMIN).contentType("text/csv")
                .body(csv.toString()).put(api);
        assertEquals(200, imported.statusCode(), imported.asString());
        assertEquals(List.of("PatientName", "Notes"), imported.jsonPath().getList("dropped.column"));

        Map<String, String> firstStudyDate = new HashMap<>();
        for (Dataset study : archive.query("/studies?includefield=all")) {
            firstStudyDate.merge(study.string(Tags.PatientID), study.string(Tags.StudyDate),
                    (a, b) -> a.compareTo(b) < 0 ? a : b);
        }
        Response table = given().get(api);
        List<Map<String, Object>> rows = table.jsonPath().getList("rows");
        String prefix = archive.slug.toUpperCase(Locale.ROOT) + "-";
        assertEquals(List.of(prefix + "0001", prefix + "0002", prefix + "0003", prefix + "0004"),
                rows.stream().map(row -> row.get("PatientID")).toList(), "the images' pseudonyms, and the next one");
        for (Map<String, Object> row : rows.subList(0, 3)) {
            assertEquals(firstStudyDate.get((String) row.get("PatientID")),
                    ((String) row.get("Admission Date")).replace("-", ""), "dates move as the patient's images do");
        }
        assertEquals(Arrays.asList("clinic", "clinic", null, "clinic"), rows.stream().map(row -> row.get("Referral")).toList(),
                "a cell repeating its patient's ID is emptied");
        return imported.asString() + table.asString() + given().get(api + "?format=csv").asString();
    }

    private long objectCount() {
        try (Stream<Path> walk = Files.walk(config.dataDir().resolve("objects"))) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> sopUids(Response stow) {
        return DeidentifiedArchive.dataset(stow.asByteArray()).items(Tags.ReferencedSOPSequence).stream()
                .map(item -> item.string(Tags.ReferencedSOPInstanceUID)).sorted().toList();
    }

    private static String around(String text, String needle) {
        int at = text.indexOf(needle);
        return at < 0 ? "" : text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 80));
    }
}
