package io.tessera.dicom.multipart;

import static io.tessera.dicom.multipart.MultipartTestSupport.ascii;
import static io.tessera.dicom.multipart.MultipartTestSupport.generated;
import static io.tessera.dicom.multipart.MultipartTestSupport.oneByteAtATime;
import static io.tessera.dicom.multipart.MultipartTestSupport.readAll;
import static io.tessera.dicom.multipart.MultipartTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.dicom.multipart.MultipartTestSupport.DigestSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartRoundTripTest {
    private static final String BOUNDARY = "tessera-test-boundary";

    /** Contents that come close to a delimiter without being one, and empty ones. */
    private static List<byte[]> trickyContents() {
        List<byte[]> contents = new ArrayList<>(List.of(new byte[0], ascii("--" + BOUNDARY), ascii(BOUNDARY),
                ascii("x--" + BOUNDARY + "\r\n"), ascii("\r\n--" + BOUNDARY + "x"), ascii("\r\n--other\r\n"),
                ascii("\r\n--"), ascii("\r\n-"), ascii("\r"), ascii("\r\n"), ascii("-"),
                ascii("\r\n--" + BOUNDARY + "-"), ascii("\r\n--tessera-test-boundar"), new byte[0]));
        byte[] allBytes = new byte[256 * 3];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        contents.add(allBytes);
        try {
            contents.add(generated(200_000, 1, BOUNDARY).readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        contents.forEach(content -> assertFalse(MultipartTestSupport.containsDelimiterLine(content, BOUNDARY)));
        return contents;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 22, 23, 24, 25, 26, 100, 1000, 4096, 65535, 65536})
    void roundTripsWithEveryReadSize(int readSize) throws IOException {
        List<byte[]> contents = trickyContents();
        byte[] body = write(BOUNDARY, contents);
        assertContentsEqual(contents, readAll(new ByteArrayInputStream(body), BOUNDARY, readSize));
        assertContentsEqual(contents, readAll(oneByteAtATime(new ByteArrayInputStream(body)), BOUNDARY, readSize));
    }

    @Test
    void roundTripsManyParts() throws IOException {
        List<byte[]> contents = IntStream.range(0, 10_000).mapToObj(i -> ascii("part " + i + "\r\n")).toList();
        assertContentsEqual(contents, readAll(new ByteArrayInputStream(write(BOUNDARY, contents)), BOUNDARY, 7));
    }

    @Test
    void roundTripsZeroParts() throws IOException {
        assertEquals(List.of(), readAll(new ByteArrayInputStream(write(BOUNDARY, List.of())), BOUNDARY, 10));
    }

    @Test
    void roundTripsBoundariesThatNeedQuotingThroughTheContentType() throws IOException {
        String random = MultipartRelatedWriter.newBoundary();
        List<String> boundaries = List.of("----=_Part_1_2.3", "a b:c?d", "'()+_,-./:=?", random);
        for (String boundary : boundaries) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            MultipartRelatedWriter writer = new MultipartRelatedWriter(body, boundary);
            MediaType written = writer.contentType("application/dicom", Map.of("transfer-syntax", "1.2.840.10008.1.2"));
            try (OutputStream part = writer.startPart(Map.of())) {
                part.write(ascii("no Content-Type"));
            }
            writer.finish();

            MediaType received = MediaType.parse(written.toString());
            MultipartRelatedReader reader = MultipartRelatedReader.of(new ByteArrayInputStream(body.toByteArray()),
                    received, MultipartRelatedReader.Limits.DEFAULT);
            MultipartRelatedReader.Part part = reader.next();
            assertEquals("application/dicom", part.contentType().essence());
            assertArrayEquals(ascii("no Content-Type"), part.body().readAllBytes());
            assertNull(reader.next());
        }
    }

    @Test
    void writesTheDicomWebContentType() {
        MultipartRelatedWriter writer = new MultipartRelatedWriter(OutputStream.nullOutputStream(), "abc");
        assertEquals("multipart/related; type=\"application/dicom\"; boundary=abc",
                writer.contentType("application/dicom").toString());
        assertThrows(IllegalArgumentException.class, () -> writer.contentType("a/b", Map.of("Boundary", "x")));
        assertEquals(32, MultipartRelatedWriter.newBoundary().length());
    }

    @Test
    void startingAPartClosesThePreviousOne() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MultipartRelatedWriter writer = new MultipartRelatedWriter(body, "b");
        OutputStream first = writer.startPart(Map.of("Content-Type", "text/plain"));
        first.write('1');
        writer.startPart(Map.of()).write('2');
        assertThrows(IOException.class, () -> first.write('x'));
        writer.close();
        assertEquals("--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b--\r\n", body.toString());
        assertThrows(IOException.class, () -> writer.startPart(Map.of()));
    }

    @Test
    void rejectsHeaderInjection() {
        MultipartRelatedWriter writer = new MultipartRelatedWriter(OutputStream.nullOutputStream(), "b");
        assertThrows(IllegalArgumentException.class, () -> writer.startPart(Map.of("X", "a\r\n\r\nbody")));
        assertThrows(IllegalArgumentException.class, () -> writer.startPart(Map.of("X: y", "a")));
    }

    /** 50 MB through writer, pipe and reader; only digests are kept, never the part. */
    @Test
    void streamsAFiftyMegabytePart() throws Exception {
        long size = 50L * 1024 * 1024;
        PipedInputStream received = new PipedInputStream(64 * 1024);
        PipedOutputStream sent = new PipedOutputStream(received);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (MultipartRelatedWriter writer = new MultipartRelatedWriter(sent, BOUNDARY)) {
                writer.writePart(Map.of("Content-Type", "application/dicom"), generated(size, 42, BOUNDARY));
                writer.writePart(Map.of(), new ByteArrayInputStream(ascii("after")));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (MultipartRelatedReader reader = new MultipartRelatedReader(received, BOUNDARY);
             DigestSink sink = new DigestSink()) {
            reader.next().body().transferTo(sink);
            assertEquals(size, sink.count());
            assertEquals(DigestSink.hexOf(generated(size, 42, BOUNDARY)), sink.hex());
            assertArrayEquals(ascii("after"), reader.next().body().readAllBytes());
            assertNull(reader.next());
        }
        sender.get(60, TimeUnit.SECONDS);
    }

    private static void assertContentsEqual(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "number of parts");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "part " + i);
        }
    }
}
