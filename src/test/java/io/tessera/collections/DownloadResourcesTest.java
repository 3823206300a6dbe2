package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tessera.cli.Download;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests, single files, archives (with Range resume) and the Java downloader, over real HTTP and storage. */
@QuarkusTest
class DownloadResourcesTest {
    @TestHTTPResource("/")
    URL root;

    @TempDir
    Path folder;

    @Test
    void manifestListsEveryInstanceAndItsUrlServesThoseBytes() {
        DownloadFixture data = new DownloadFixture("dl-manifest");
        JsonPath manifest = given().get("/api/dois/" + data.doi + "/manifest").then().statusCode(200)
                .body("collection", equalTo(data.slug)).body("doi", equalTo(data.doi))
                .body("license.name", equalTo(RicordCollections.LICENSE))
                .body("items", hasSize(4)).extract().jsonPath();
        for (Map<String, Object> item : manifest.<Map<String, Object>>getList("items")) {
            byte[] stored = data.instances.get((String) item.get("sopInstanceUID"));
            Response file = given().get((String) item.get("url"));
            assertEquals(200, file.statusCode());
            assertArrayEquals(stored, file.asByteArray());
            assertEquals(DownloadFixture.sha256(stored), item.get("sha256"));
            assertEquals(stored.length, ((Number) item.get("size")).intValue());
            assertEquals("\"" + item.get("sha256") + "\"", file.header("ETag"));
            assertEquals(String.valueOf(stored.length), file.header("Content-Length"));
            assertTrue(((String) item.get("path")).matches(data.slug + "/[A-Za-z0-9._-]+/[0-9.]+/[0-9.]+/[0-9.]+\\.dcm"),
                    (String) item.get("path"));
        }
        assertTrue(manifest.getList("items.path").contains(data.slug + "/P2_.._x_y/" + data.oddStudy + "/"
                + data.oddSeries + "/" + sopOf(data, data.oddSeries) + ".dcm"));
    }

    @Test
    void manifestFormatsAndFilters() {
        DownloadFixture data = new DownloadFixture("dl-formats");
        String manifest = "/api/collections/" + data.slug + "/manifest";
        given().queryParam("label", "Typical Appearance").get(manifest).then().body("items", hasSize(2))
                .body("items.studyInstanceUID", equalTo(List.of(data.ctStudy, data.ctStudy)));
        given().queryParam("modality", "DX").get(manifest).then().body("items", hasSize(1))
                .body("items[0].seriesInstanceUID", equalTo(data.dxSeries));
        given().queryParam("modality", "CT,DX").queryParam("label", "No such label").get(manifest).then()
                .body("items", hasSize(0));

        List<String> csv = lines(given().queryParam("format", "csv").get(manifest).then().statusCode(200)
                .contentType("text/csv; charset=utf-8").extract().asString());
        assertEquals(ManifestWriter.CSV_HEADER, csv.get(0));
        assertEquals(5, csv.size());
        List<String> tcia = lines(given().queryParam("format", "tcia").get(manifest).asString());
        assertEquals(List.of("downloadServerUrl", "includeAnnotation", "noOfrRetry", "databasketId",
                "manifestVersion", "ListOfSeriesToDownload"), tcia.subList(0, 6).stream()
                .map(line -> line.substring(0, line.indexOf('='))).toList());
        assertEquals(3, tcia.size() - 6, "one line per series");
        assertTrue(tcia.contains(data.ctSeries));
        List<String> s5cmd = lines(given().queryParam("format", "s5cmd").get(manifest).asString()).stream()
                .filter(line -> !line.startsWith("#")).toList();
        assertEquals(4, s5cmd.size());
        assertTrue(s5cmd.get(0).matches("cp http://\\S+/api/instances/[0-9.]+/file " + data.slug + "/\\S+\\.dcm"));

        given().queryParam("format", "xml").get(manifest).then().statusCode(400);
        given().queryParam("modality", "C;T").get(manifest).then().statusCode(400);
        given().get("/api/collections/no-such-collection/manifest").then().statusCode(404);
    }

    @Test
    void aFileResumesWithRange() {
        DownloadFixture data = new DownloadFixture("dl-file");
        Map.Entry<String, byte[]> instance = data.instances.entrySet().iterator().next();
        byte[] stored = instance.getValue();
        String url = "/api/instances/" + instance.getKey() + "/file";
        String etag = "\"" + DownloadFixture.sha256(stored) + "\"";
        Response rest = given().header("Range", "bytes=100-").header("If-Range", etag).get(url);
        assertEquals(206, rest.statusCode());
        assertEquals("bytes 100-" + (stored.length - 1) + "/" + stored.length, rest.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(stored, 100, stored.length), rest.asByteArray());
        given().header("Range", "bytes=100-").header("If-Range", "\"other\"").get(url).then().statusCode(200);
        given().header("Range", "bytes=" + stored.length + "-").get(url).then().statusCode(416);
        given().get("/api/instances/1.2.3.4.5/file").then().statusCode(404);
        given().get("/api/instances/not-a-uid/file").then().statusCode(400);
    }

    @Test
    void archiveCutHalfwayAndResumedEqualsTheWholeAndUnzips() throws Exception {
        DownloadFixture data = new DownloadFixture("dl-archive");
        String url = "/api/collections/" + data.slug + "/archive.zip";
        Response whole = given().get(url);
        assertEquals(200, whole.statusCode());
        byte[] archive = whole.asByteArray();
        assertEquals(String.valueOf(archive.length), whole.header("Content-Length"));
        String etag = whole.header("ETag");
        assertEquals(etag, given().get(url).header("ETag"), "the same bytes, the same tag");

        int half = archive.length / 2;
        Response first = given().header("Range", "bytes=0-" + (half - 1)).get(url);
        Response rest = given().header("Range", "bytes=" + half + "-").header("If-Range", etag).get(url);
        assertEquals(206, rest.statusCode());
        assertEquals("bytes " + half + "-" + (archive.length - 1) + "/" + archive.length,
                rest.header("Content-Range"));
        ByteArrayOutputStream resumed = new ByteArrayOutputStream();
        resumed.writeBytes(first.asByteArray());
        resumed.writeBytes(rest.asByteArray());
        assertEquals(DownloadFixture.sha256(archive), DownloadFixture.sha256(resumed.toByteArray()));
        given().header("If-None-Match", etag).get(url).then().statusCode(304);

        Path file = folder.resolve("archive.zip");
        Files.write(file, resumed.toByteArray());
        UnzipTool.assertTestPasses(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(data.slug + "/LICENSE", names.get(0));
            assertEquals(data.slug + "/CITATION", names.get(1));
            assertEquals(data.slug + "/SHA256SUMS", names.get(names.size() - 1));
            assertEquals(7, names.size());
            String license = read(zip, data.slug + "/LICENSE");
            assertTrue(license.contains(RicordCollections.LICENSE) && license.contains(RicordCollections.LICENSE_URL));
            assertTrue(read(zip, data.slug + "/CITATION").startsWith("@misc{" + data.slug));
            for (String line : lines(read(zip, data.slug + "/SHA256SUMS"))) {
                String path = data.slug + "/" + line.substring(66);
                byte[] content = zip.getInputStream(zip.getEntry(path)).readAllBytes();
                assertEquals(line.substring(0, 64), DownloadFixture.sha256(content), path);
            }
        }
    }

    @Test
    void studyAndSeriesArchivesHoldTheirInstances() throws Exception {
        DownloadFixture data = new DownloadFixture("dl-parts");
        String base = "/api/collections/" + data.slug;
        assertEquals(2 + 3, entries(base + "/studies/" + data.ctStudy + "/archive.zip"));
        assertEquals(1 + 3, entries(base + "/series/" + data.dxSeries + "/archive.zip"));
        assertEquals(2 + 3, entries(base + "/archive.zip?label=Typical%20Appearance"));
        assertEquals(3 + 3, entries(base + "/archive.zip?modality=CT"));
        given().get(base + "/studies/bad..uid/archive.zip").then().statusCode(400);
    }

    @Test
    void theDownloaderFetchesVerifiesAndResumes() throws Exception {
        DownloadFixture data = new DownloadFixture("dl-cli");
        Path out = folder.resolve("out");
        String[] args = {"--doi", data.doi, "--server", root.toString(), "--out", out.toString(), "--parallel", "3"};
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, Download.run(args, new PrintStream(log, true, StandardCharsets.UTF_8)), log.toString());
        List<Map<String, Object>> items = given().get("/api/dois/" + data.doi + "/manifest").jsonPath()
                .getList("items");
        for (Map<String, Object> item : items) {
            assertEquals(item.get("sha256"), DownloadFixture.sha256(Files.readAllBytes(out.resolve(
                    (String) item.get("path")))));
        }
        // One file cut short (as an interrupted download leaves it), one corrupted: both are put right.
        Path cut = out.resolve((String) items.get(0).get("path"));
        byte[] whole = Files.readAllBytes(cut);
        Files.delete(cut);
        Files.write(cut.resolveSibling(cut.getFileName() + ".part"), Arrays.copyOf(whole, whole.length / 2));
        Path corrupted = out.resolve((String) items.get(1).get("path"));
        Files.write(corrupted, new byte[]{1, 2, 3});
        log.reset();
        assertEquals(0, Download.run(args, new PrintStream(log, true, StandardCharsets.UTF_8)), log.toString());
        assertTrue(log.toString().contains("1 downloaded, 1 resumed, 2 already present, 0 FAILED"), log.toString());
        assertArrayEquals(whole, Files.readAllBytes(cut));

        String[] unknown = {"--collection", "no-such-collection", "--server", root.toString(), "--out",
                out.toString()};
        assertEquals(2, Download.run(unknown, new PrintStream(new ByteArrayOutputStream())));
    }

    private int entries(String url) throws Exception {
        Path file = Files.createTempFile(folder, "part", ".zip");
        Files.write(file, given().urlEncodingEnabled(false).get(url).then().statusCode(200).extract()
                .asByteArray());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size();
        }
    }

    private static String sopOf(DownloadFixture data, String series) {
        return given().get("/api/collections/" + data.slug + "/manifest").jsonPath()
                .getString("items.find { it.seriesInstanceUID == '" + series + "' }.sopInstanceUID");
    }

    private static String read(ZipFile zip, String name) throws Exception {
        return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\r?\n")).filter(line -> !line.isEmpty()).toList();
    }
}
