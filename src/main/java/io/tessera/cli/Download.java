package io.tessera.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads a collection (by DOI or slug) from a Tessera server with nothing but Java: reads the CSV manifest,
 * fetches files in parallel, skips files already there with the right SHA-256, resumes partial ones
 * ({@code *.part}) with HTTP Range, verifies every SHA-256. Exit code 0 when every file is present and verified.
 * <p>
 * One file with no dependency beyond the JDK, so it also runs as {@code java Download.java ...} (README).
 */
public final class Download {
    private static final String USAGE = """
            usage: Download (--doi DOI | --collection SLUG) [--server URL] [--out DIR] [--parallel N]
                            [--label NAME] [--modality CT,MR] [--token TOKEN]
              --server    default http://localhost:8080
              --out       default ./<collection or DOI>
              --parallel  files at a time, default 4
              --token     bearer token, for restricted collections
            """;
    private static final int RETRIES = 3;

    /** One manifest row. */
    record Item(String path, String url, long size, String sha256) {
    }

    /** What happened to one file. */
    enum Outcome { PRESENT, DOWNLOADED, RESUMED, FAILED }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final PrintStream log;
    private final String token;
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicInteger filesDone = new AtomicInteger();
    private long bytesTotal;
    private int filesTotal;

    private Download(PrintStream log, String token) {
        this.log = log;
        this.token = token;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Runs a download; returns the process exit code (0 all verified, 1 some failed, 2 usage or manifest). */
    public static int run(String[] args, PrintStream log) {
        String server = "http://localhost:8080";
        String doi = null;
        String collection = null;
        String out = null;
        String label = null;
        String modality = null;
        String token = null;
        int parallel = 4;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--server" -> server = value;
                    case "--doi" -> doi = value;
                    case "--collection" -> collection = value;
                    case "--out" -> out = value;
                    case "--label" -> label = value;
                    case "--modality" -> modality = value;
                    case "--token" -> token = value;
                    case "--parallel" -> parallel = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                i++;
            }
            if ((doi == null) == (collection == null) || parallel < 1) {
                throw new IllegalArgumentException("give --doi or --collection");
            }
        } catch (RuntimeException bad) {
            log.println(bad.getMessage() + "\n" + USAGE);
            return 2;
        }
        String base = server.replaceAll("/+$", "");
        String manifest = (doi != null ? base + "/api/dois/" + doi : base + "/api/collections/" + collection)
                + "/manifest?format=csv" + parameter("label", label) + parameter("modality", modality);
        Path folder = Path.of(out != null ? out : (doi != null ? doi.replace('/', '_') : collection));
        return new Download(log, token).download(manifest, folder, parallel);
    }

    private static String parameter(String name, String value) {
        return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private int download(String manifestUrl, Path folder, int parallel) {
        List<Item> items;
        try {
            items = manifest(manifestUrl);
        } catch (IOException | InterruptedException e) {
            log.println("cannot read the manifest " + manifestUrl + ": " + e);
            return 2;
        }
        filesTotal = items.size();
        bytesTotal = items.stream().mapToLong(Item::size).sum();
        long started = System.nanoTime();
        int[] counts = new int[Outcome.values().length];
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (Item item : items) {
                outcomes.add(pool.submit(() -> fetch(item, folder)));
            }
            for (Future<Outcome> outcome : outcomes) {
                counts[outcome.get().ordinal()]++;
            }
        } catch (Exception e) {
            log.println("\ndownload interrupted: " + e);
            return 1;
        } finally {
            pool.shutdownNow();
        }
        progress();
        double seconds = (System.nanoTime() - started) / 1e9;
        log.printf("%n%d files, %s in %.1f s: %d downloaded, %d resumed, %d already present, %d FAILED%n",
                filesTotal, human(bytesTotal), seconds, counts[Outcome.DOWNLOADED.ordinal()],
                counts[Outcome.RESUMED.ordinal()], counts[Outcome.PRESENT.ordinal()],
                counts[Outcome.FAILED.ordinal()]);
        return counts[Outcome.FAILED.ordinal()] == 0 ? 0 : 1;
    }

    private List<Item> manifest(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " " + response.body());
        }
        List<Item> items = new ArrayList<>();
        String[] lines = response.body().split("\r?\n");
        for (int i = 1; i < lines.length; i++) { // line 0 is the header
            if (lines[i].isEmpty()) {
                continue;
            }
            // Paths are sanitized and URLs are plain, so no field is ever quoted.
            String[] fields = lines[i].split(",");
            items.add(new Item(fields[0], fields[1], Long.parseLong(fields[2]), fields[3]));
        }
        return items;
    }

    /** Gets one file into place, verified, trying again from scratch after a bad checksum. */
    private Outcome fetch(Item item, Path folder) {
        Path target = folder.resolve(item.path()).normalize();
        if (!target.startsWith(folder.normalize())) {
            log.println("\nrefusing a path outside the download folder: " + item.path());
            return Outcome.FAILED;
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            if (Files.exists(target) && Files.size(target) == item.size() && item.sha256().equals(sha256(target))) {
                return done(item, Outcome.PRESENT);
            }
            Files.createDirectories(target.getParent());
            boolean resumed = Files.exists(part) && Files.size(part) > 0 && Files.size(part) < item.size();
            for (int attempt = 1; attempt <= RETRIES; attempt++) {
                if (Files.exists(part) && Files.size(part) >= item.size()) {
                    Files.delete(part);
                }
                get(item, part);
                if (Files.size(part) == item.size() && item.sha256().equals(sha256(part))) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return done(item, resumed ? Outcome.RESUMED : Outcome.DOWNLOADED);
                }
                Files.delete(part); // wrong bytes: the next attempt starts over
            }
            log.println("\nSHA-256 mismatch: " + item.path());
        } catch (IOException | InterruptedException e) {
            log.println("\nfailed: " + item.path() + ": " + e);
        }
        return Outcome.FAILED;
    }

    /** Appends the missing bytes of {@code part}, asking for them with Range (If-Range guards a changed file). */
    private void get(Item item, Path part) throws IOException, InterruptedException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = request(item.url());
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-").header("If-Range", "\"" + item.sha256() + "\"");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean append = response.statusCode() == 206;
        if (response.statusCode() != 200 && !append) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " for " + item.url());
        }
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Outcome done(Item item, Outcome outcome) {
        bytesDone.addAndGet(item.size());
        filesDone.incrementAndGet();
        progress();
        return outcome;
    }

    private synchronized void progress() {
        int width = 30;
        double share = bytesTotal == 0 ? 1 : (double) bytesDone.get() / bytesTotal;
        int filled = (int) Math.round(share * width);
        log.printf("\r[%s%s] %3d%% %d/%d files %s/%s", "#".repeat(filled), ".".repeat(width - filled),
                Math.round(share * 100), filesDone.get(), filesTotal, human(bytesDone.get()), human(bytesTotal));
    }

    private static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format("%.1f %s", value, units[unit]);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
