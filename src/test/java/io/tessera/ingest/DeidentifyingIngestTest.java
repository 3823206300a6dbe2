package io.tessera.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.storage.Backends;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tessera.config.TesseraConfig;
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
import java.time.temporal.ChronoUnit;
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
        responses.append(importClinicalTable(archive, marker));
        responses.append(new String(given().get("/api/collections/" + archive.slug + "/archive.zip").then()
                .statusCode(200).extract().asByteArray(), StandardCharsets.ISO_8859_1));
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
        String prefix = archive.slug.toUpperCase(Locale.ROOT) + "-";
        assertEquals(Set.of(prefix + "0001", prefix + "0002", prefix + "0003"), datesByPatient.keySet());
        for (List<LocalDate> dates : datesByPatient.values()) {
            dates.sort(null);
            // The corpus puts a patient's two studies 40 days apart: one shift per patient keeps that.
            assertEquals(40, ChronoUnit.DAYS.between(dates.get(0), dates.get(1)), "one shift per patient");
            // The latest original date is 2020-04-13 (PhiCorpus) and every shift is at least one day back.
            assertTrue(dates.get(1).isBefore(LocalDate.of(2020, 4, 13)), "dates moved back: " + dates);
        }

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
