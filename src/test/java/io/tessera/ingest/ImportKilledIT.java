package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cli.ImportCommand;
import io.tessera.deid.PhiCorpus;
import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Vr;
import io.tessera.process.TesseraProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's bulk import acceptance, with real processes: 201 files (200 CT images of three patients and a screenshot
 * to quarantine) imported by ImportCommand in a JVM of its own into a de-identifying collection. On server A in one
 * go; on server B the importer is killed (SIGKILL) part-way and started again with the same journal. Both must end
 * with the same archive.zip (every entry byte for byte; the CITATION names the server, so its address is masked) and
 * the same quarantine.
 *
 * <p>Replacement UIDs, date shifts and pseudonyms come from the collection's secret and slug, so both servers start
 * from one copied database holding the collection and a secret. Both imports use one thread, as pseudonym numbers
 * follow the order in which patients arrive.
 */
class ImportKilledIT {
    private static final String TOKEN = "import-it-token";
    private static final String SLUG = "import-it";
    private static final int IMAGES = 200;
    private static final String REPORT = "201 files: 200 stored, 1 quarantined";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aKilledAndRestartedImportEndsWithTheSameArchiveAsAnUninterruptedOne() throws Exception {
        Path folder = work.resolve("corpus");
        writeCorpus(folder);
        Path dataA = work.resolve("a");
        try (TesseraProcess server = new TesseraProcess(dataA, TOKEN).start()) {
            send(server, HttpRequest.newBuilder(server.uri("/api/collections/" + SLUG))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"title\": \"Import IT\", \"deidentification\":"
                            + " {\"profile\": \"basic\", \"options\": [\"113107\"]}}")), 201);
        }
        writeSecret(dataA);
        Path dataB = work.resolve("b");
        copyTree(dataA, dataB);

        Map<String, String> whole;
        String wholeQuarantine;
        try (TesseraProcess server = new TesseraProcess(dataA, TOKEN).start()) {
            Importer uninterrupted = Importer.start(server, folder, work.resolve("a.journal"), work.resolve("a.out"));
            assertEquals(0, uninterrupted.waitForExit(), uninterrupted.output());
            assertTrue(uninterrupted.output().contains(REPORT), uninterrupted.output());
            whole = archive(server);
            wholeQuarantine = quarantine(server);
        }

        try (TesseraProcess server = new TesseraProcess(dataB, TOKEN).start()) {
            Path journal = work.resolve("b.journal");
            Importer killed = Importer.start(server, folder, journal, work.resolve("b1.out"));
            while (journaled(journal) < 30 && killed.process.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(killed.process.isAlive(), "still importing when killed: " + killed.output());
            killed.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int done = journaled(journal);
            assertTrue(done >= 30 && done < IMAGES, done + " files journaled before the kill");
            assertTrue(killed.output().matches("(?s).*\\[[#-]+] \\d+/201 files .* files/s .*"),
                    "a progress bar: " + killed.output());

            Importer restarted = Importer.start(server, folder, journal, work.resolve("b2.out"));
            assertEquals(0, restarted.waitForExit(), restarted.output());
            assertTrue(restarted.output().contains(REPORT), restarted.output());
            assertTrue(restarted.output().contains("were done by an earlier run"), restarted.output());
            assertEquals(whole, archive(server), "the same archive.zip, entry by entry");
            assertEquals(wholeQuarantine, quarantine(server), "the same instance quarantined");
        }
    }

    /** Three patients, two studies each; the studies' instances are copies under new SOP Instance UIDs. */
    private static void writeCorpus(Path folder) throws IOException {
        for (int i = 0; i < IMAGES; i++) {
            List<Dataset> corpus = PhiCorpus.corpus("IMPORT-IT");
            Dataset instance = corpus.get(i % corpus.size());
            instance.putStrings(Tags.SOPInstanceUID, Vr.UI, instance.string(Tags.SOPInstanceUID) + "." + (i + 1));
            Path file = folder.resolve(String.format(Locale.ROOT, "patient-%s/%04d.dcm",
                    instance.string(Tags.PatientID).substring(instance.string(Tags.PatientID).length() - 1), i));
            Files.createDirectories(file.getParent());
            Files.write(file, DeidentifiedArchive.asImage(instance));
        }
        List<byte[]> withScreenshot = DeidentifiedArchive.corpus("IMPORT-IT", true);
        Files.write(folder.resolve("screenshot.dcm"), withScreenshot.get(withScreenshot.size() - 1));
    }

    /** Writes the collection's secret into the stopped server's database, as the server would on first ingest. */
    private static void writeSecret(Path dataDir) throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String url = "jdbc:h2:file:" + dataDir.resolve("index").resolve("tessera").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE";
        try (Connection db = DriverManager.getConnection(url, "tessera", "");
             PreparedStatement insert = db.prepareStatement("INSERT INTO collection_secret (collection_id, secret)"
                     + " SELECT id, ? FROM collection WHERE slug = ?")) {
            insert.setBytes(1, secret);
            insert.setString(2, SLUG);
            assertEquals(1, insert.executeUpdate());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    /** ImportCommand in a JVM of its own, on the packaged server's classes, as bench/import/run.sh starts it. */
    private record Importer(Process process, Path outputFile) {
        static Importer start(TesseraProcess server, Path folder, Path journal, Path output) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path classes = TesseraProcess.jar().resolveSibling("app").resolve("*");
            Process process = new ProcessBuilder(java.toString(), "-cp", classes.toString(),
                    ImportCommand.class.getName(), "--server", server.baseUrl(), "--collection", SLUG,
                    "--token", TOKEN, "--journal", journal.toString(), "--threads", "1", "--batch", "5",
                    folder.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new Importer(process, output);
        }

        int waitForExit() throws InterruptedException {
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the import ends");
            return process.exitValue();
        }

        String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }
    }

    private static int journaled(Path journal) throws IOException {
        return Files.exists(journal)
                ? (int) Files.readAllLines(journal).stream().filter(line -> !line.isBlank()).count() : 0;
    }

    /** The collection's archive.zip: every entry by name, its bytes as ISO-8859-1 text, the server's URL masked. */
    private Map<String, String> archive(TesseraProcess server) throws Exception {
        Path zip = work.resolve("archive-" + server.port() + ".zip");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(
                server.uri("/api/collections/" + SLUG + "/archive.zip")).build(), HttpResponse.BodyHandlers.ofFile(zip));
        assertEquals(200, response.statusCode());
        Map<String, String> entries = new TreeMap<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(archive.entries())) {
                try (InputStream in = archive.getInputStream(entry)) {
                    entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                            .replace(server.baseUrl(), "http://server"));
                }
            }
        }
        assertEquals(IMAGES + 3, entries.size(), "LICENSE, CITATION, SHA256SUMS and every image: " + entries.keySet());
        return entries;
    }

    private String quarantine(TesseraProcess server) throws Exception {
        return send(server, HttpRequest.newBuilder(server.uri("/api/collections/" + SLUG + "/quarantine")).GET(), 200);
    }

    private String send(TesseraProcess server, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body() + "\n" + server.logTail(30));
        return response.body();
    }
}
