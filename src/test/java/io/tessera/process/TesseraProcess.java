package io.tessera.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tessera as a real, separate process: the packaged {@code quarkus-run.jar} started with {@code java -Xmx…}, its
 * output appended to a log file beside the data folder, each start on a fresh free port. Stops gracefully
 * (SIGTERM, then waits) or hard ({@link #kill()}: SIGKILL of the JVM and anything it started).
 * <p>
 * The jar comes from the system property {@code tessera.quarkus.jar} (set by failsafe in pom.xml), else
 * {@code <test.build.dir>/quarkus-app/quarkus-run.jar}. System properties {@code tessera.it.env.NAME=value}
 * add environment variables to every server started (to try a setting without touching the tests).
 */
public final class TesseraProcess implements AutoCloseable {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
    static final String ENV_PROPERTY_PREFIX = "tessera.it.env.";

    private final Path dataDir;
    private final Path logFile;
    private final String adminToken;
    private final String maxHeap;
    private final Map<String, String> extraEnv;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private Process process;
    private int port;
    private int starts;

    /**
     * @param dataDir    TESSERA_DATA_DIR; kept across restarts
     * @param adminToken TESSERA_ADMIN_TOKEN
     * @param maxHeap    the -Xmx value, e.g. "256m"
     * @param extraEnv   more environment variables (e.g. settings a test needs), may be empty
     */
    public TesseraProcess(Path dataDir, String adminToken, String maxHeap, Map<String, String> extraEnv) {
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + "-tessera.log");
        this.adminToken = adminToken;
        this.maxHeap = maxHeap;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    public TesseraProcess(Path dataDir, String adminToken) {
        this(dataDir, adminToken, "256m", Map.of());
    }

    /** The packaged server; fails with a clear message when it has not been built. */
    public static Path jar() {
        String configured = System.getProperty("tessera.quarkus.jar");
        Path jar = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(ProcessTestSupport.buildDir(), "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged server at " + jar.toAbsolutePath()
                    + ": run `./mvnw package` (these are failsafe tests, run by `./mvnw verify`)");
        }
        return jar.toAbsolutePath();
    }

    /** Starts the server on a fresh free port and waits until /q/health/ready answers 200. */
    public TesseraProcess start() throws IOException, InterruptedException {
        return start(DEFAULT_READY_TIMEOUT);
    }

    public TesseraProcess start(Duration readyTimeout) throws IOException, InterruptedException {
        if (isAlive()) {
            throw new IllegalStateException("already running, pid " + process.pid());
        }
        Files.createDirectories(dataDir);
        port = freePort();
        starts++;
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError", "-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("TESSERA_DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("TESSERA_ADMIN_TOKEN", adminToken);
        env.putAll(extraEnv);
        // -Dtessera.it.env.NAME=value on the Maven command line sets NAME=value for every server the tests start.
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(ENV_PROPERTY_PREFIX))
                .forEach(name -> env.put(name.substring(ENV_PROPERTY_PREFIX.length()), System.getProperty(name)));
        Files.writeString(logFile, "\n===== start #" + starts + " on port " + port + ": " + String.join(" ", command)
                + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = builder.start();
        awaitReady(readyTimeout);
        return this;
    }

    /** Polls /q/health/ready until 200; fails early, with the log's tail, if the process dies. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tessera exited with " + process.exitValue()
                        + " before it was ready; log " + logFile + ":\n" + logTail(60));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Tessera not ready after " + timeout + " (last: " + last + "); log "
                + logFile + ":\n" + logTail(60));
    }

    /** Graceful stop: SIGTERM, then waits for the JVM to exit (SIGKILL after the grace period). */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Hard crash: SIGKILL to the JVM (and any child it started), no shutdown hooks run. Waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly(); // first, as fast as possible after whatever the test just saw
        children.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL");
        }
        appendLog("===== killed (SIGKILL), exit " + process.exitValue());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Exit value of the last process; only once it has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    public int port() {
        return port;
    }

    /** e.g. http://127.0.0.1:41234 (no trailing slash); changes at each start. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Whether the log holds this text (e.g. "OutOfMemoryError"). */
    public boolean logContains(String text) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendLog(String line) {
        try {
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is for people; the test goes on
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A port free on the loopback interface right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(command -> command.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
