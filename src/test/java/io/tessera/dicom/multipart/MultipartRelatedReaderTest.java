package io.tessera.dicom.multipart;

import static io.tessera.dicom.multipart.MultipartTestSupport.ascii;
import static io.tessera.dicom.multipart.MultipartTestSupport.reader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartRelatedReaderTest {
    private static String bodyOf(MultipartRelatedReader.Part part) throws IOException {
        return new String(part.body().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void ignoresPreambleAndEpilogueAndToleratesPadding() throws IOException {
        MultipartRelatedReader reader = reader("preamble\r\n--not it\r\n--bx\r\n--b \t\r\nContent-Type: text/plain\r\n"
                + "\r\none\r\n--b\t\r\n\r\ntwo\r\n--b-- \r\nepilogue\r\n--b\r\n\r\nthree", "b");
        MultipartRelatedReader.Part first = reader.next();
        assertEquals("text/plain", first.contentType().essence());
        assertEquals("one", bodyOf(first));
        MultipartRelatedReader.Part second = reader.next();
        assertEquals(MediaType.APPLICATION_OCTET_STREAM, second.contentType());
        assertEquals("two", bodyOf(second));
        assertNull(reader.next());
        assertNull(reader.next());
    }

    @Test
    void firstDelimiterMayStartTheStreamOrFollowAPreambleLine() throws IOException {
        for (String start : List.of("", "\r\n", "junk\r\n")) {
            MultipartRelatedReader reader = reader(start + "--b\r\n\r\nx\r\n--b--", "b");
            assertEquals("x", bodyOf(reader.next()));
            assertNull(reader.next());
        }
    }

    @Test
    void readsLfOnlyAndFoldedHeadersIgnoringNameCase() throws IOException {
        MultipartRelatedReader reader = reader("--b\nContent-Type: application/dicom;\n transfer-syntax=1.2.840"
                + ".10008.1.2.1\nX-Note:  a\r\n\tb  \nx-note: c\n\nbody\r\n--b--\r\n", "b");
        MultipartRelatedReader.Part part = reader.next();
        assertEquals("1.2.840.10008.1.2.1", part.contentType().parameter("transfer-syntax"));
        assertEquals("a b, c", part.header("X-NOTE"));
        assertEquals(List.of("Content-Type", "X-Note", "x-note"),
                part.headerLines().stream().map(Map.Entry::getKey).toList());
        assertEquals("body", bodyOf(part));
    }

    @Test
    void bodyKeepsNearDelimiters() throws IOException {
        String tricky = "--b at start, --b\r\n mid-line, \r\n--bx, \r\n--other\r\n, \r\n-, \r\n--, \r\r\n--c, \n--b\n";
        MultipartRelatedReader reader = reader("--b\r\n\r\n" + tricky + "\r\n--b--", "b");
        assertEquals(tricky, bodyOf(reader.next()));
        assertNull(reader.next());
    }

    @Test
    void readsEmptyPartsAndAnEmptyBody() throws IOException {
        MultipartRelatedReader reader = reader("--b\r\n\r\n\r\n--b\r\nA: 1\r\n\r\n\r\n--b--", "b");
        assertEquals("", bodyOf(reader.next()));
        assertEquals("", bodyOf(reader.next()));
        assertNull(reader.next());
        assertNull(reader("--b--\r\n", "b").next());
    }

    @Test
    void nextSkipsTheUnreadBodyAndEndsTheStaleStream() throws IOException {
        MultipartRelatedReader reader = reader("--b\r\n\r\n0123456789\r\n--b\r\n\r\nsecond\r\n--b--", "b");
        InputStream first = reader.next().body();
        assertEquals('0', first.read());
        assertEquals(2, first.skip(2));
        assertEquals("second", bodyOf(reader.next()));
        assertEquals(-1, first.read());
    }

    @Test
    void defaultsPartTypeToTheTypeParameter() throws IOException {
        MediaType request = MediaType.parse("multipart/related; type=\"application/dicom\"; boundary=\"a:b\"");
        InputStream body = new ByteArrayInputStream(ascii("--a:b\r\n\r\nx\r\n--a:b--"));
        MultipartRelatedReader reader = MultipartRelatedReader.of(body, request, MultipartRelatedReader.Limits.DEFAULT);
        assertEquals("application/dicom", reader.next().contentType().essence());
    }

    @Test
    void reportsAMalformedPartContentTypeAgainstThatPart() throws IOException {
        MultipartRelatedReader.Part part = reader("--b\r\nContent-Type: nonsense\r\n\r\nx\r\n--b--", "b").next();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, part::contentType);
        assertTrue(e.getMessage().startsWith("part 1: "), e.getMessage());
    }

    @Test
    void rejectsABodyWithoutClosingDelimiter() throws IOException {
        for (String end : List.of("", "\r\n--b", "\r\n--", "\r\n--b-", "\r\n--b  ", "\r\n--b\r\n\r\n")) {
            String truncated = "--b\r\n\r\nabc" + end;
            MultipartRelatedReader reader = reader(truncated, "b");
            MultipartException e = assertThrows(MultipartException.class, () -> {
                MultipartRelatedReader.Part part = reader.next();
                bodyOf(part);
                reader.next();
                bodyOf(reader.next());
            }, truncated);
            assertTrue(e.getMessage().contains("missing closing delimiter \"--b--\""), e.getMessage());
        }
    }

    @Test
    void rejectsABodyWithoutAnyBoundary() {
        MultipartRelatedReader reader = reader("just text\r\n--bx\r\n", "b");
        MultipartException e = assertThrows(MultipartException.class, reader::next);
        assertTrue(e.getMessage().contains("no multipart boundary \"--b\""), e.getMessage());
    }

    @Test
    void rejectsAStreamEndingInsideHeaders() {
        MultipartException e = assertThrows(MultipartException.class, () -> reader("--b\r\nA: 1\r\n", "b").next());
        assertTrue(e.getMessage().contains("inside the headers of part 1"), e.getMessage());
    }

    @Test
    void rejectsMalformedHeaderLines() {
        for (String body : List.of("--b\r\nno colon\r\n\r\n", "--b\r\n: empty name\r\n\r\n", "--b\r\n folded\r\n\r\n",
                "--b\r\nbad name: x\r\n\r\n")) {
            assertThrows(MultipartException.class, () -> reader(body, "b").next(), body);
        }
    }

    @Test
    void rejectsHeadersLargerThanTheLimit() throws IOException {
        MultipartRelatedReader.Limits limits = new MultipartRelatedReader.Limits(100, 10);
        String fits = "--b\r\nA: " + "x".repeat(95) + "\r\n\r\n\r\n--b--";
        assertEquals("", bodyOf(limited(fits, limits).next()));
        String tooBig = "--b\r\nA: " + "x".repeat(96) + "\r\n\r\n\r\n--b--";
        MultipartException e = assertThrows(MultipartException.class, () -> limited(tooBig, limits).next());
        assertTrue(e.getMessage().contains("exceed 100 bytes"), e.getMessage());
        String endless = "--b\r\n" + "\r".repeat(20 * 1024);
        assertThrows(MultipartException.class, () -> reader(endless, "b").next());
    }

    @Test
    void rejectsMorePartsThanTheLimit() throws IOException {
        MultipartRelatedReader reader = limited("--b\r\n\r\n\r\n--b\r\n\r\n\r\n--b\r\n\r\n\r\n--b--",
                new MultipartRelatedReader.Limits(100, 2));
        reader.next();
        reader.next();
        MultipartException e = assertThrows(MultipartException.class, reader::next);
        assertTrue(e.getMessage().contains("more than 2 parts"), e.getMessage());
    }

    @Test
    void rejectsTransportPaddingLongerThanTheWindow() {
        String body = "--b\r\n\r\nx\r\n--b" + " ".repeat(70 * 1024) + "\r\n\r\n\r\n--b--";
        assertThrows(MultipartException.class, () -> {
            MultipartRelatedReader reader = reader(body, "b");
            reader.next();
            reader.next();
        });
    }

    @Test
    void rejectsInvalidBoundaries() {
        InputStream empty = InputStream.nullInputStream();
        for (String boundary : List.of("", "b".repeat(257), "trailing ", "tab\there")) {
            assertThrows(IllegalArgumentException.class, () -> new MultipartRelatedReader(empty, boundary), boundary);
        }
    }

    @Test
    void partsWithoutHeadersHaveNone() throws IOException {
        MultipartRelatedReader.Part part = reader("--b\r\n\r\nx\r\n--b--", "b").next();
        assertEquals(Map.of(), part.headers());
        assertArrayEquals(ascii("x"), part.body().readAllBytes());
        assertEquals(1, part.number());
    }

    private static MultipartRelatedReader limited(String body, MultipartRelatedReader.Limits limits) {
        InputStream in = new ByteArrayInputStream(ascii(body));
        return new MultipartRelatedReader(in, "b", MediaType.APPLICATION_OCTET_STREAM, limits);
    }
}
