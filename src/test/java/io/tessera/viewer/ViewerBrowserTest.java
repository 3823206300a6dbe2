package io.tessera.viewer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.tessera.dicomweb.stow.TestInstances;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * OHIF served by Tessera, in a real browser: Debian's headless Chromium opens a generated two-series CT study at
 * {@code /viewer?StudyInstanceUIDs=...}; the image must be drawn (the middle of the viewport is not uniform) and the
 * study browser must show one thumbnail per series, fetched from our /thumbnail resource (blob: images). Screenshots
 * of the viewer and of the collection page are left in {@code target/viewer-screenshots/}.
 * <p>
 * Skips when Chromium ({@code /usr/bin/chromium}, or {@code TESSERA_CHROMIUM}) or python3-pydicom is absent;
 * .ci/run installs both.
 */
@QuarkusTest
class ViewerBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TESSERA_CHROMIUM", "/usr/bin/chromium"));
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path OUT = Path.of(System.getProperty("test.build.dir", "target"), "viewer-screenshots");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 800;
    private static final int SERIES = 2;

    @Test
    void opensAGeneratedCtStudyWithItsImageAndSeriesThumbnails() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium); "
                + "the viewer is not tested in a browser");
        Files.createDirectories(OUT);
        assumeTrue(run(List.of(PYTHON.toString(), "-c", "import pydicom, numpy"), 30).exitCode() == 0,
                "python3-pydicom and python3-numpy are needed to generate the CT study");

        String slug = "viewer-ct-" + UUID.randomUUID().toString().substring(0, 8);
        String study = storeGeneratedCt(slug);
        String base = "http://localhost:" + RestAssured.port;

        Path viewerShot = OUT.resolve("viewer.png");
        String viewerUrl = base + "/viewer?StudyInstanceUIDs=" + study;
        chromium(viewerUrl, "--screenshot=" + viewerShot.toAbsolutePath());
        String dom = chromium(viewerUrl, "--dump-dom");
        Files.writeString(OUT.resolve("viewer-dom.html"), dom);
        chromium(base + "/collections/" + slug, "--screenshot=" + OUT.resolve("collection.png").toAbsolutePath());

        assertEquals(SERIES, count(dom, "data-cy=\"study-browser-thumbnail\""),
                "one study-browser thumbnail per series; DOM in " + OUT.resolve("viewer-dom.html"));
        assertTrue(count(dom, "<img src=\"blob:") >= SERIES,
                "the thumbnails are images fetched from /thumbnail; DOM in " + OUT.resolve("viewer-dom.html"));
        assertImageDrawn(ImageIO.read(viewerShot.toFile()), viewerShot);
    }

    /** Writes 2 series of 10 512x512 CT slices with bench/corpus/generate_ct.py, stores them, returns the study. */
    private static String storeGeneratedCt(String slug) throws Exception {
        given().header("Authorization", TestInstances.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("title", "Generated CT for the viewer test"))
                .put("/api/collections/" + slug).then().statusCode(201);
        Path corpus = OUT.resolve("ct-" + slug);
        Finished generated = run(List.of(PYTHON.toString(), "bench/corpus/generate_ct.py", corpus.toString(),
                "--slices", String.valueOf(SERIES * 10), "--series-size", "10", "--seed", slug), 120);
        assertEquals(0, generated.exitCode(), generated.output());
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.sorted().toList()) {
                given().header("Authorization", TestInstances.ADMIN_TOKEN).contentType("application/dicom")
                        .body(file.toFile()).post("/dicomweb/collections/" + slug + "/studies")
                        .then().statusCode(200);
                Files.delete(file);
            }
        }
        Files.delete(corpus);
        List<String> studies = given().get("/dicomweb/collections/" + slug + "/studies")
                .then().statusCode(200).extract().path("'0020000D'.Value[0]");
        assertEquals(1, studies.size(), "the generator makes one study of " + SERIES + " series");
        return studies.get(0);
    }

    /**
     * The middle of the viewport pane (right of the study browser, below the toolbar) holds the generated disc:
     * drawn, it has many grey levels; not drawn, it is one flat colour.
     */
    private static void assertImageDrawn(BufferedImage shot, Path file) {
        assertEquals(WIDTH, shot.getWidth(), "screenshot width");
        TreeSet<Integer> levels = new TreeSet<>();
        for (int y = HEIGHT * 3 / 8; y < HEIGHT * 5 / 8; y += 2) {
            for (int x = WIDTH / 2; x < WIDTH * 3 / 4; x += 2) {
                int rgb = shot.getRGB(x, y);
                levels.add(((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3);
            }
        }
        assertTrue(levels.size() > 8, "the viewport's middle has " + levels.size() + " grey levels " + levels
                + ", so the image was not drawn; see " + file);
    }

    /** Loads the page in headless Chromium, giving its scripts 30 s of virtual time; returns standard output. */
    private static String chromium(String url, String action) throws Exception {
        Path profile = Files.createTempDirectory(OUT, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--enable-unsafe-swiftshader", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + WIDTH + "," + HEIGHT,
                "--virtual-time-budget=30000", action, url));
        Finished result;
        try {
            result = run(command, 90);
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        assertEquals(0, result.exitCode(), "chromium " + action + " " + url + ":\n" + result.output());
        return result.stdout();
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    /** Runs a command with its output in files, so that a hung process cannot block the test past the timeout. */
    private static Finished run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(OUT, "process", ".out");
        Path stderr = Files.createTempFile(OUT, "process", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    /** What a finished command left. */
    private record Finished(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }
}
