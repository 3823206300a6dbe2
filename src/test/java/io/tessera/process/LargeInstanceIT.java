package io.tessera.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * One large instance through a server held to -Xmx256m: STOW-RS streamed from a generator (never in memory on either
 * side), WADO-RS retrieve hashed as it streams and compared with what was sent, frames at the start, middle and end
 * checked byte for byte, metadata present, Pixel Data at its BulkDataURI whole (hashed) and by byte range, and the
 * server still alive (no OutOfMemoryError) at the end.
 * <p>
 * Frames of 512 KiB: 2048 by default (1 GiB of pixel data); -Dtessera.largeInstanceFrames=4096 makes it 2 GiB, where
 * the Pixel Data length (2^31) no longer fits a Java int (up to 8191 frames, the most a 32-bit length holds).
 * Skipped with -Dtessera.skipLargeTests=true.
 */
@DisabledIfSystemProperty(named = "tessera.skipLargeTests", matches = "(?i)true",
        disabledReason = "tessera.skipLargeTests=true: the large instance test is skipped")
class LargeInstanceIT {
    private static final int ROWS = 512;
    private static final int COLUMNS = 512;
    private static final int FRAMES = Integer.getInteger("tessera.largeInstanceFrames", 2048);
    /** Time allowed per 1024 frames (512 MiB); the 1 GiB default gets the 6 minutes it always had. */
    private static final Duration TIME_PER_1024_FRAMES = Duration.ofMinutes(3);

    private static Path work;
    private static TesseraProcess server;

    @BeforeAll
    static void start() throws Exception {
        work = ProcessTestSupport.workDir("large");
        server = new TesseraProcess(work.resolve("data"), "large-it-token", "256m", java.util.Map.of()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
            System.out.println("[LargeInstanceIT] server log: " + server.logFile());
        }
        if (work != null) {
            ProcessTestSupport.deleteTree(work.resolve("data")); // gigabytes: never kept
        }
    }

    @Test
    void largeInstanceRoundTripsAt256MegabytesOfHeap() {
        Duration allowed = TIME_PER_1024_FRAMES.multipliedBy(Math.max(1, (FRAMES + 1023) / 1024));
        assertTimeoutPreemptively(allowed, LargeInstanceIT::roundTrip);
    }

    private static void roundTrip() throws Exception {
        long seed = System.nanoTime();
        String study = SyntheticInstance.uid(seed, 1);
        SyntheticInstance instance = new SyntheticInstance(study, SyntheticInstance.uid(seed, 2),
                SyntheticInstance.uid(seed, 3), 1, ROWS, COLUMNS, FRAMES, seed);
        DicomWebClient client = DicomWebClient.of(server);

        // STOW-RS, hashing what is sent as it is sent.
        AtomicReference<ProcessTestSupport.DigestingStream> sent = new AtomicReference<>();
        Supplier<InputStream> body = () -> {
            ProcessTestSupport.DigestingStream stream = new ProcessTestSupport.DigestingStream(instance.open());
            sent.set(stream);
            return stream;
        };
        long t0 = System.nanoTime();
        HttpResponse<String> stow = client.stow(List.of(body));
        long stowMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(server.isAlive(), "server died during STOW; log:\n" + server.logTail(40));
        assertEquals(200, stow.statusCode(), "STOW of " + instance.length() + " bytes: " + stow.body()
                + "\nlog:\n" + server.logTail(30));
        assertEquals(instance.length(), sent.get().count());
        String sentSha = sent.get().sha256Hex();

        // WADO-RS retrieve of the instance, as stored.
        String instancePath = "/dicomweb/studies/" + study + "/series/" + instance.seriesUid() + "/instances/"
                + instance.sopInstanceUid();
        t0 = System.nanoTime();
        DicomWebClient.Retrieved retrieved = client.retrieve(instancePath, DicomWebClient.ACCEPT_DICOM_AS_STORED);
        long retrieveMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(server.isAlive(), "server died during retrieve; log:\n" + server.logTail(40));
        assertTrue(retrieved.ok(), "retrieve: " + retrieved);
        assertEquals(List.of(instance.length()), retrieved.lengths(), "one part, as long as what was sent");
        assertEquals(sentSha, retrieved.sha256s().get(0), "SHA-256 of the retrieved instance");

        // Frames: first, a middle one, last.
        t0 = System.nanoTime();
        int middle = FRAMES / 2 + 1;
        List<byte[]> frames = client.retrieveParts(instancePath + "/frames/1," + middle + "," + FRAMES,
                DicomWebClient.ACCEPT_OCTETS_AS_STORED);
        long framesMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, frames.size(), "three frames asked, parts answered");
        assertArrayEquals(instance.frame(1), frames.get(0), "frame 1");
        assertArrayEquals(instance.frame(middle), frames.get(1), "frame " + middle);
        assertArrayEquals(instance.frame(FRAMES), frames.get(2), "frame " + FRAMES);

        // Metadata: present, and Pixel Data as a BulkDataURI rather than inline.
        HttpResponse<String> metadata = client.get(instancePath + "/metadata", "application/dicom+json");
        assertEquals(200, metadata.statusCode(), metadata.body());
        assertTrue(metadata.body().length() < 1 << 20, "metadata of a large instance is small");
        JsonNode json = DicomWebClient.JSON.readTree(metadata.body());
        assertEquals(instance.sopInstanceUid(), DicomWebClient.string(json.get(0), "00080018"));
        assertEquals(Integer.toString(FRAMES), json.get(0).path("00280008").path("Value").get(0).asText());
        assertNotNull(json.get(0).path("7FE00010").get("BulkDataURI"), "Pixel Data as BulkDataURI: " + json.get(0)
                .path("7FE00010"));

        // Pixel Data at its BulkDataURI as one application/octet-stream body: whole (its Content-Length is 2^31 at
        // 4096 frames), hashed as it streams; then its last MiB by Range (an object offset beyond 2^31 there).
        String bulkDataUri = json.get(0).path("7FE00010").get("BulkDataURI").asText();
        long pixelLength = instance.pixelDataLength();
        t0 = System.nanoTime();
        HttpResponse<InputStream> pixels = client.getUrl(bulkDataUri, "Accept", "application/octet-stream");
        ProcessTestSupport.DigestingStream pixelDigest = new ProcessTestSupport.DigestingStream(pixels.body());
        try (pixelDigest) {
            assertEquals(200, pixels.statusCode(), "Pixel Data at " + bulkDataUri);
            assertEquals(OptionalLong.of(pixelLength), pixels.headers().firstValueAsLong("Content-Length"));
            pixelDigest.transferTo(OutputStream.nullOutputStream());
        }
        long pixelDataMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(pixelLength, pixelDigest.count(), "Pixel Data bytes received");
        assertEquals(instance.pixelDataSha256(), pixelDigest.sha256Hex(), "SHA-256 of the Pixel Data value");

        int tailLength = 1 << 20;
        HttpResponse<InputStream> tail = client.getUrl(bulkDataUri, "Accept", "application/octet-stream",
                "Range", "bytes=-" + tailLength);
        try (InputStream tailBody = tail.body()) {
            assertEquals(206, tail.statusCode(), "Range of the Pixel Data");
            assertEquals("bytes " + (pixelLength - tailLength) + "-" + (pixelLength - 1) + "/" + pixelLength,
                    tail.headers().firstValue("Content-Range").orElse(null));
            assertArrayEquals(instance.pixels(pixelLength - tailLength, tailLength), tailBody.readAllBytes(),
                    "last MiB of the Pixel Data");
        }

        // QIDO sees it.
        JsonNode found = client.qido("/dicomweb/studies/" + study + "/instances");
        assertEquals(1, found.size());

        assertTrue(server.isAlive(), "server died; log:\n" + server.logTail(40));
        assertFalse(server.logContains("java.lang.OutOfMemoryError"), "OutOfMemoryError in the log:\n" + server.logTail(40));
        double mb = instance.length() / 1e6;
        System.out.printf("[LargeInstanceIT] %.0f MB at -Xmx256m: STOW %d ms (%.0f MB/s), retrieve %d ms (%.0f MB/s),"
                        + " 3 frames %d ms, Pixel Data bulk data %d ms%n", mb, stowMillis, mb * 1000 / stowMillis,
                retrieveMillis, mb * 1000 / retrieveMillis, framesMillis, pixelDataMillis);
    }
}
