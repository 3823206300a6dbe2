package io.tessera.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Orthanc 1.10 with its DICOMweb plugin as a separate process, configured from a JSON file written here:
 * loopback only, no DICOM server, storage in a temp folder, one DICOMweb server entry named {@code tessera}.
 */
final class OrthancProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    private static final List<String> PLUGIN_FOLDERS = List.of("/usr/share/orthanc/plugins", "/usr/lib/orthanc",
            "/usr/lib/x86_64-linux-gnu/orthanc", "/usr/local/share/orthanc/plugins");

    private final Path work;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int port;

    OrthancProcess(Path work) {
        this.work = work;
        this.log = work.resolve("orthanc.log");
    }

    /** The DICOMweb plugin's shared library, if installed. */
    static Optional<Path> dicomWebPlugin() {
        for (String folder : PLUGIN_FOLDERS) {
            Path dir = Path.of(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> libraries = Files.newDirectoryStream(dir, "libOrthancDicomWeb.so*")) {
                for (Path library : libraries) {
                    return Optional.of(library);
                }
            } catch (IOException ignored) {
                // look elsewhere
            }
        }
        return Optional.empty();
    }

    /** Starts Orthanc with DICOMweb server {@code tessera} at {@code tesseraDicomWebUrl} and waits until it answers. */
    OrthancProcess start(Path plugin, String tesseraDicomWebUrl, String bearerToken) throws Exception {
        port = TesseraProcess.freePort();
        Path storage = Files.createDirectories(work.resolve("orthanc-db"));
        ObjectNode config = DicomWebClient.JSON.createObjectNode();
        config.put("Name", "tessera-process-it");
        config.put("HttpPort", port);
        config.put("DicomServerEnabled", false);
        config.put("DicomPort", TesseraProcess.freePort());
        config.put("StorageDirectory", storage.toString());
        config.put("IndexDirectory", storage.toString());
        config.putArray("Plugins").add(plugin.toString());
        config.put("RemoteAccessAllowed", false);
        config.put("AuthenticationEnabled", false);
        config.put("HttpTimeout", 120);
        config.put("ConcurrentJobs", 1);
        ObjectNode dicomWeb = config.putObject("DicomWeb");
        dicomWeb.put("Enable", true);
        dicomWeb.put("Root", "/dicom-web/");
        dicomWeb.put("EnableWado", false);
        ObjectNode server = dicomWeb.putObject("Servers").putObject("tessera");
        server.put("Url", tesseraDicomWebUrl);
        server.putObject("HttpHeaders").put("Authorization", "Bearer " + bearerToken);
        Path configFile = work.resolve("orthanc.json");
        Files.writeString(configFile, DicomWebClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));

        process = new ProcessBuilder(BINARY.toString(), "--verbose", configFile.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc exited with " + process.exitValue() + ":\n" + logTail(40));
            }
            try {
                if (get("/system").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Orthanc did not answer within 30 s:\n" + logTail(40));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, JsonNode body) throws IOException, InterruptedException {
        return post(path, DicomWebClient.JSON.writeValueAsBytes(body));
    }

    /** Parses a 200 answer as JSON; anything else fails with the answer and the log's tail. */
    JsonNode json(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new AssertionError("Orthanc " + response.request().method() + " " + response.uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body() + "\nOrthanc log (errors and"
                    + " outgoing HTTP):\n" + errorLines(15));
        }
        return DicomWebClient.JSON.readTree(response.body());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path logFile() {
        return log;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The last lines that tell what went wrong: errors, warnings and the outcome of Orthanc's HTTP requests. */
    String errorLines(int lines) {
        try {
            List<String> picked = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(line -> line.startsWith("E") || line.contains("HTTP status code")
                            || line.contains("New HTTP request"))
                    .toList();
            return String.join("\n", picked.subList(Math.max(0, picked.size() - lines), picked.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
