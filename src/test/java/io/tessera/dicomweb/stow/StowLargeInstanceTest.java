package io.tessera.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.dicom.io.Frame;
import io.tessera.index.FrameRanges;
import io.tessera.index.InstanceEntity;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MB instance streamed from disk through HTTP into the store, its frame located in the stored object. */
@QuarkusTest
class StowLargeInstanceTest {
    private static final int ROWS = 5000;
    private static final int COLUMNS = 10_000;

    @TestHTTPResource("/dicomweb/studies")
    URL studies;

    @TempDir
    Path folder;

    @Test
    void aLargeInstanceStreamsThrough() throws IOException, InterruptedException {
        String study = TestInstances.newUid();
        String sop = TestInstances.newUid();
        String boundary = "large-" + UUID.randomUUID();
        Path body = folder.resolve("body");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(body))) {
            out.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            TestInstances.largeInstance(study, TestInstances.newUid(), sop, ROWS, COLUMNS, out);
            out.write(("\r\n--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(studies.toString()))
                        .header("Authorization", TestInstances.ADMIN_TOKEN)
                        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofFile(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains(sop), response.body());

        List<Frame> frames = QuarkusTransaction.requiringNew().call(() -> {
            InstanceEntity instance = InstanceEntity.find("sopInstanceUid", sop).firstResult();
            assertTrue(instance.sizeBytes > (long) ROWS * COLUMNS);
            return FrameRanges.decode(instance.frameRanges);
        });
        assertEquals(1, frames.size());
        assertEquals((long) ROWS * COLUMNS, frames.get(0).length());
    }
}
