package io.tessera.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * One ~1 GiB instance through a server held to -Xmx256m: STOW-RS streamed from a generator (never in memory on either
 * side), WADO-RS retrieve hashed as it streams and compared with what was sent, frames at the start, middle and end
 * checked byte for byte, metadata present, and the server still alive (no OutOfMemoryError) at the end.
 * Skipped with -Dtessera.skipLargeTests=true.
 */
@DisabledIfSystemProperty(named = "tessera.skipLargeTests", matches = "(?i)true",
        disabledReason = "tessera.skipLargeTests=true: the 1 GB instance test is skipped")
class LargeInstanceIT {
    private static final int ROWS = 512;
    private static final int COLUMNS = 512;
    private static final int FRAMES = 2048; // 2048 x 512 KiB = 1 GiB of pixel data

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
            ProcessTestSupport.deleteTree(work.resolve("data")); // 1 GB: never kept
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void oneGigabyteInstanceRoundTripsAt256MegabytesOfHeap() throws Exception {
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
        List<byte[]> frames = client.retrieveParts(instancePath + "/frames/1,1025," + FRAMES,
                DicomWebClient.ACCEPT_OCTETS_AS_STORED);
        long framesMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, frames.size(), "three frames asked, parts answered");
        assertArrayEquals(instance.frame(1), frames.get(0), "frame 1");
        assertArrayEquals(instance.frame(1025), frames.get(1), "frame 1025");
        assertArrayEquals(instance.frame(FRAMES), frames.get(2), "frame " + FRAMES);

        // Metadata: present, and Pixel Data as a BulkDataURI rather than inline.
        HttpResponse<String> metadata = client.get(instancePath + "/metadata", "application/dicom+json");
        assertEquals(200, metadata.statusCode(), metadata.body());
        assertTrue(metadata.body().length() < 1 << 20, "metadata of a 1 GB instance is small");
        JsonNode json = DicomWebClient.JSON.readTree(metadata.body());
        assertEquals(instance.sopInstanceUid(), DicomWebClient.string(json.get(0), "00080018"));
        assertEquals(Integer.toString(FRAMES), json.get(0).path("00280008").path("Value").get(0).asText());
        assertNotNull(json.get(0).path("7FE00010").get("BulkDataURI"), "Pixel Data as BulkDataURI: " + json.get(0)
                .path("7FE00010"));

        // QIDO sees it.
        JsonNode found = client.qido("/dicomweb/studies/" + study + "/instances");
        assertEquals(1, found.size());

        assertTrue(server.isAlive(), "server died; log:\n" + server.logTail(40));
        assertFalse(server.logContains("java.lang.OutOfMemoryError"), "OutOfMemoryError in the log:\n" + server.logTail(40));
        double mb = instance.length() / 1e6;
        System.out.printf("[LargeInstanceIT] %.0f MB at -Xmx256m: STOW %d ms (%.0f MB/s), retrieve %d ms (%.0f MB/s),"
                        + " 3 frames %d ms%n", mb, stowMillis, mb * 1000 / stowMillis, retrieveMillis,
                mb * 1000 / retrieveMillis, framesMillis);
    }
}
