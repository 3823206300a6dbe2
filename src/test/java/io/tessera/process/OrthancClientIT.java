package io.tessera.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Orthanc 1.10 + DICOMweb plugin 1.7 (Debian) as a real DICOMweb client of Tessera: Orthanc STOWs a study it holds
 * (a small CT + MR study made with pydicom from its test files) to Tessera, queries it back through QIDO-RS, forgets
 * it, retrieves it from Tessera through WADO-RS and must end with the same instances, byte for byte (same MD5 as the
 * files first uploaded). Skips with a message when Orthanc, the plugin or pydicom are not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrthancClientIT {
    private static final String TOKEN = "orthanc-it-token";
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Three instances of one study in two series, from pydicom's CT_small and MR_small, with fresh UIDs. */
    private static final String MAKE_STUDY = """
            import os, sys, pydicom
            from pydicom.data import get_testdata_file
            from pydicom.uid import generate_uid
            out = sys.argv[1]
            study = generate_uid(); series = [generate_uid(), generate_uid()]
            for i, (name, s) in enumerate([("CT_small.dcm", 0), ("CT_small.dcm", 0), ("MR_small.dcm", 1)]):
                ds = pydicom.dcmread(get_testdata_file(name))
                ds.StudyInstanceUID = study
                ds.SeriesInstanceUID = series[s]
                ds.SOPInstanceUID = generate_uid()
                ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
                ds.InstanceNumber = i + 1
                ds.PatientID = "PROC-ORTHANC"
                ds.PatientName = "Orthanc^Client"
                ds.AccessionNumber = "ORTH1"
                pixels = ds.pixel_array
                pixels += i
                ds.PixelData = pixels.tobytes()
                ds.save_as(os.path.join(out, "%d.dcm" % (i + 1)), write_like_original=False)
            print(study)
            """;

    private static Path work;
    private static TesseraProcess tessera;
    private static OrthancProcess orthanc;
    private static DicomWebClient client;
    private static String studyUid;
    private static String orthancStudy;
    private static List<Path> dicomFiles;
    /** SOP Instance UID -> MD5 of the file as pydicom made it (and as Orthanc first stored it). */
    private static final Map<String, String> md5BySop = new TreeMap<>();
    private static final Map<String, String> seriesBySop = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path plugin = OrthancProcess.dicomWebPlugin().orElse(null);
        skipUnless(Files.isExecutable(OrthancProcess.BINARY),
                OrthancProcess.BINARY + " is absent (apt-get install orthanc orthanc-dicomweb)");
        skipUnless(plugin != null, "Orthanc's DICOMweb plugin is absent (apt-get install orthanc-dicomweb)");
        skipUnless(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import pydicom")) == 0,
                "pydicom under /usr/bin/python3 is absent (apt-get install python3-pydicom)");
        work = ProcessTestSupport.workDir("orthanc");
        tessera = new TesseraProcess(work.resolve("data"), TOKEN).start();
        client = DicomWebClient.of(tessera);
        orthanc = new OrthancProcess(work).start(plugin, tessera.baseUrl() + "/dicomweb/", TOKEN);

        // A study, made by pydicom, uploaded into Orthanc.
        Path files = Files.createDirectories(work.resolve("study"));
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", MAKE_STUDY, files.toString())
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, python.waitFor(), "pydicom: " + output);
        studyUid = output.lines().reduce((a, b) -> b).orElseThrow();
        try (Stream<Path> listing = Files.list(files)) {
            dicomFiles = listing.sorted().toList();
        }
        for (Path file : dicomFiles) {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode stored = orthanc.json(orthanc.post("/instances", bytes));
            orthancStudy = stored.get("ParentStudy").asText();
            JsonNode tags = orthanc.json(orthanc.get("/instances/" + stored.get("ID").asText() + "/simplified-tags"));
            md5BySop.put(tags.get("SOPInstanceUID").asText(), ProcessTestSupport.md5(bytes));
            seriesBySop.put(tags.get("SOPInstanceUID").asText(), tags.get("SeriesInstanceUID").asText());
        }
        assertEquals(3, md5BySop.size());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orthanc != null) {
            orthanc.close();
            System.out.println("[OrthancClientIT] Orthanc log: " + orthanc.logFile());
        }
        if (tessera != null) {
            tessera.stop();
            System.out.println("[OrthancClientIT] Tessera log: " + tessera.logFile());
        }
    }

    /**
     * The request Orthanc 1.10 / DICOMweb 1.7 sends for STOW-RS, replayed by hand so that a refusal is quoted: chunked,
     * boundary of two UUIDs joined by '-' (73 characters, over RFC 2046's 70), a Content-Length on each part.
     */
    @Test
    @Order(0)
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void tesseraAcceptsTheShapeOfOrthancsStowRequest() throws Exception {
        String uuid = java.util.UUID.randomUUID().toString();
        String boundary = uuid + "-" + uuid;
        byte[] file = Files.readAllBytes(dicomFiles.get(0));
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\nContent-Length: " + file.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
        var response = client.stowBody(() -> new java.io.ByteArrayInputStream(body.toByteArray()), boundary);
        assertEquals(200, response.statusCode(), "STOW shaped like Orthanc's (boundary of " + boundary.length()
                + " characters): " + response.body());
    }

    /** Orthanc's STOW-RS client (POST /dicom-web/servers/tessera/stow) stores the study in Tessera. */
    @Test
    @Order(1)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void orthancStowsTheStudyToTessera() throws Exception {
        long t0 = System.nanoTime();
        JsonNode stow = orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/stow",
                object().set("Resources", array().add(orthancStudy))));
        System.out.printf("[OrthancClientIT] Orthanc STOW to Tessera in %d ms: %s%n",
                (System.nanoTime() - t0) / 1_000_000, stow);
        assertEquals(md5BySop.keySet(), CrashDuringStowIT.sopUids(
                client.qido("/dicomweb/studies/" + studyUid + "/instances")), "instances Tessera holds");
    }

    /** Tessera's QIDO-RS, directly and through Orthanc's client (which parses Tessera's DICOM JSON). */
    @Test
    @Order(2)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void orthancQueriesTessera() throws Exception {
        ensureStudyInTessera();
        JsonNode studies = client.qido("/dicomweb/studies?StudyInstanceUID=" + studyUid);
        assertEquals(1, studies.size(), "Tessera QIDO studies: " + studies);
        assertEquals("3", studies.get(0).path("00201208").path("Value").path(0).asText(),
                "NumberOfStudyRelatedInstances");

        JsonNode viaOrthanc = orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/qido", object()
                .put("Uri", "/studies").set("Arguments", object().put("StudyInstanceUID", studyUid))));
        assertEquals(1, viaOrthanc.size(), "QIDO studies through Orthanc: " + viaOrthanc);
        assertEquals(studyUid, orthancValue(viaOrthanc.get(0), "0020000D"));
        assertEquals("ORTH1", orthancValue(viaOrthanc.get(0), "00080050"), "AccessionNumber through Orthanc");
        JsonNode seriesViaOrthanc = orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/qido", object()
                .put("Uri", "/studies/" + studyUid + "/series")));
        assertEquals(2, seriesViaOrthanc.size(), "QIDO series through Orthanc: " + seriesViaOrthanc);
        JsonNode instancesViaOrthanc = orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/qido", object()
                .put("Uri", "/instances").set("Arguments", object().put("StudyInstanceUID", studyUid))));
        Set<String> sopViaOrthanc = new TreeSet<>();
        instancesViaOrthanc.forEach(instance -> sopViaOrthanc.add(orthancValue(instance, "00080018")));
        assertEquals(md5BySop.keySet(), sopViaOrthanc, "QIDO instances through Orthanc");
        // WADO-RS metadata through Orthanc's generic GET.
        JsonNode metadata = orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/get", object()
                .put("Uri", "/studies/" + studyUid + "/metadata")));
        assertEquals(3, metadata.size(), "study metadata through Orthanc: " + metadata);
    }

    /**
     * Orthanc forgets the study and retrieves it from Tessera (WADO-RS, study then instance level): same SOP
     * Instance UIDs, and files with the MD5 of those first uploaded.
     */
    @Test
    @Order(3)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void orthancRetrievesTheStudyFromTessera() throws Exception {
        ensureStudyInTessera();
        assertEquals(200, orthanc.delete("/studies/" + orthancStudy).statusCode());
        assertEquals(0, orthanc.json(orthanc.get("/instances")).size(), "Orthanc is empty");

        long t0 = System.nanoTime();
        JsonNode retrieve = orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/retrieve", object()
                .set("Resources", array().add(object().put("Study", studyUid)))));
        System.out.printf("[OrthancClientIT] Orthanc retrieve from Tessera in %d ms: %s%n",
                (System.nanoTime() - t0) / 1_000_000, retrieve);
        assertSameInstancesInOrthanc(md5BySop, "after the study retrieve");

        assertEquals(200, orthanc.delete("/studies/" + orthancStudy).statusCode());
        String oneSop = md5BySop.keySet().iterator().next();
        orthanc.json(orthanc.postJson("/dicom-web/servers/tessera/retrieve", object().set("Resources", array()
                .add(object().put("Study", studyUid).put("Series", seriesBySop.get(oneSop)).put("Instance", oneSop)))));
        assertSameInstancesInOrthanc(Map.of(oneSop, md5BySop.get(oneSop)), "after the instance retrieve");
    }

    /** If Orthanc's STOW failed, the study goes in with our own client, so that the later steps still say something. */
    private static void ensureStudyInTessera() throws Exception {
        if (client.qido("/dicomweb/studies/" + studyUid + "/instances").size() == md5BySop.size()) {
            return;
        }
        System.out.println("[OrthancClientIT] the study is not in Tessera (Orthanc's STOW failed): storing it with"
                + " the test's own STOW client so that the QIDO and retrieve steps still run");
        var response = client.stow(dicomFiles.stream().<java.util.function.Supplier<java.io.InputStream>>map(
                file -> () -> {
                    try {
                        return Files.newInputStream(file);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList());
        assertEquals(200, response.statusCode(), "direct STOW: " + response.body());
    }

    /** Orthanc holds exactly these instances, each file with the MD5 of the one first uploaded. */
    private static void assertSameInstancesInOrthanc(Map<String, String> md5BySop, String when) throws Exception {
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode id : orthanc.json(orthanc.get("/instances"))) {
            String sop = orthanc.json(orthanc.get("/instances/" + id.asText() + "/simplified-tags"))
                    .get("SOPInstanceUID").asText();
            String md5 = orthanc.get("/instances/" + id.asText() + "/attachments/dicom/md5").body().strip();
            actual.put(sop, md5);
        }
        assertEquals(md5BySop.keySet(), actual.keySet(), "SOP Instance UIDs in Orthanc " + when);
        assertEquals(md5BySop, actual, "MD5 of each file in Orthanc " + when
                + " (Tessera should return the bytes it was sent)");
    }

    /** Orthanc's QIDO answers give "Value" as a plain string (or an array, depending on the VR). */
    private static String orthancValue(JsonNode dataset, String tag) {
        JsonNode value = dataset.path(tag).path("Value");
        if (value.isArray()) {
            return value.isEmpty() ? null : value.get(0).asText();
        }
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static ObjectNode object() {
        return DicomWebClient.JSON.createObjectNode();
    }

    private static ArrayNode array() {
        return DicomWebClient.JSON.createArrayNode();
    }

    /** Skips the whole class, saying why on the console as well (class-level skips are easy to miss). */
    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[OrthancClientIT] SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(condition, "SKIPPED: " + reason);
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
