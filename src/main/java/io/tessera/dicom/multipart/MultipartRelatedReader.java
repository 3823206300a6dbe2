package io.tessera.dicom.multipart;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a multipart/related body (RFC 2387, RFC 2046 5.1) part by part, streaming each part's bytes through a
 * bounded window, as STOW-RS request bodies arrive (PS3.18 8.6.1.2).
 *
 * <p>Lenient where real clients are sloppy: the preamble and epilogue are ignored, the first delimiter need not
 * follow a CRLF, transport padding may follow a boundary, and header lines may end in a bare LF and be folded.
 * Strict where it matters: a body that ends before the closing delimiter, an oversized header section or too many
 * parts raise {@link MultipartException}.
 *
 * <p>Not thread-safe. Closing the reader closes the underlying stream.
 */
public final class MultipartRelatedReader implements Closeable {
    /** Limits that bound what a hostile body can make the reader hold or do. */
    public record Limits(int maxHeaderBytes, int maxParts) {
        public static final Limits DEFAULT = new Limits(16 * 1024, 10_000);

        public Limits {
            if (maxHeaderBytes < 1 || maxParts < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxHeaderBytes + ", " + maxParts);
            }
        }
    }

    private static final int WINDOW_SIZE = 64 * 1024;

    private final InputStream in;
    private final String boundary;
    /** CRLF "--" boundary: what ends a part's body. */
    private final byte[] delimiter;
    private final int[] shifts;
    private final MediaType defaultPartType;
    private final Limits limits;

    private final byte[] window = new byte[WINDOW_SIZE];
    private int position;
    private int limit;
    private boolean endOfInput;
    /** window[position, bodyEnd) is known to be body of the current part (the preamble before the first part). */
    private int bodyEnd;
    private boolean bodyEnded;
    private boolean closeDelimiterSeen;
    private int partCount;

    /** Reads parts without a Content-Type header as application/octet-stream. */
    public MultipartRelatedReader(InputStream in, String boundary) {
        this(in, boundary, MediaType.APPLICATION_OCTET_STREAM, Limits.DEFAULT);
    }

    /**
     * @param defaultPartType the type of parts without a Content-Type header; for DICOMweb the {@code type}
     *                        parameter of the request's media type
     */
    public MultipartRelatedReader(InputStream in, String boundary, MediaType defaultPartType, Limits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.boundary = Boundary.check(boundary, Boundary.MAX_READ_LENGTH);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.shifts = shiftsOf(delimiter);
        this.defaultPartType = Objects.requireNonNull(defaultPartType, "defaultPartType");
        this.limits = Objects.requireNonNull(limits, "limits");
        // A virtual CRLF before the input lets a first delimiter at the very start match like any other.
        window[limit++] = '\r';
        window[limit++] = '\n';
    }

    /**
     * A reader for a body of the given multipart media type: its boundary parameter splits the parts and its
     * {@code type} parameter, if any, is the type of parts that have no Content-Type.
     */
    public static MultipartRelatedReader of(InputStream in, MediaType multipartType) {
        return of(in, multipartType, Limits.DEFAULT);
    }

    /** As {@link #of(InputStream, MediaType)}, with the given limits. */
    public static MultipartRelatedReader of(InputStream in, MediaType multipartType, Limits limits) {
        String rootType = multipartType.parameter("type");
        MediaType defaultPartType = rootType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parse(rootType);
        return new MultipartRelatedReader(in, boundaryOf(multipartType), defaultPartType, limits);
    }

    /** The boundary parameter of a multipart media type; throws IllegalArgumentException if missing or invalid. */
    public static String boundaryOf(MediaType multipartType) {
        if (!multipartType.type().equals("multipart")) {
            throw new IllegalArgumentException("not a multipart media type: " + multipartType);
        }
        String boundary = multipartType.parameter("boundary");
        if (boundary == null) {
            throw new IllegalArgumentException("multipart media type without a boundary parameter: " + multipartType);
        }
        return Boundary.check(boundary, Boundary.MAX_READ_LENGTH);
    }

    /**
     * Skips what is left of the current part's body and returns the next part, or null after the closing
     * delimiter. The previous part's body stream then reads as ended.
     */
    public Part next() throws IOException {
        while (bodyBytesAvailable() > 0) {
            position = bodyEnd;
        }
        if (closeDelimiterSeen) {
            return null;
        }
        if (partCount == limits.maxParts()) {
            throw new MultipartException("multipart body has more than " + limits.maxParts() + " parts");
        }
        partCount++;
        List<Map.Entry<String, String>> headers = readHeaderSection();
        bodyEnded = false;
        bodyEnd = position;
        return new Part(partCount, headers);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One body part. Its body stream is valid until the next call to {@link #next()}. */
    public final class Part {
        private final int number;
        private final List<Map.Entry<String, String>> headerLines;
        private final Map<String, String> headers;
        private final InputStream body = new Body(this);

        private Part(int number, List<Map.Entry<String, String>> headerLines) {
            this.number = number;
            this.headerLines = Collections.unmodifiableList(headerLines);
            CaseInsensitiveMap combined = new CaseInsensitiveMap();
            // A repeated field is one comma-separated list (RFC 9110 5.3).
            headerLines.forEach(line -> combined.merge(line.getKey(), line.getValue(), (a, b) -> a + ", " + b));
            this.headers = Collections.unmodifiableMap(combined);
        }

        /** 1 for the first part. */
        public int number() {
            return number;
        }

        /** The header fields in the order received, names as sent. */
        public List<Map.Entry<String, String>> headerLines() {
            return headerLines;
        }

        /** The header fields by name, compared ignoring case; repeated fields joined with ", ". */
        public Map<String, String> headers() {
            return headers;
        }

        /** The value of a header field, its name compared ignoring case; null if absent. */
        public String header(String name) {
            return headers.get(name);
        }

        /**
         * The part's Content-Type, or the reader's default if it has none. Throws IllegalArgumentException if the
         * header is malformed, so a caller can reject this part alone.
         */
        public MediaType contentType() {
            String value = header("Content-Type");
            if (value == null) {
                return defaultPartType;
            }
            try {
                return MediaType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("part " + number + ": " + e.getMessage(), e);
            }
        }

        /** The part's bytes, streamed up to the next delimiter. Closing it does not close the reader. */
        public InputStream body() {
            return body;
        }
    }

    private final class Body extends InputStream {
        private final Part part;

        Body(Part part) {
            this.part = part;
        }

        @Override
        public int read() throws IOException {
            return available(1) == 0 ? -1 : window[position++] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            int count = available(length);
            if (count == 0) {
                return -1;
            }
            System.arraycopy(window, position, buffer, offset, count);
            position += count;
            return count;
        }

        @Override
        public long skip(long n) throws IOException {
            int count = available((int) Math.min(n, Integer.MAX_VALUE));
            position += count;
            return count;
        }

        @Override
        public int available() {
            return isCurrent() ? bodyEnd - position : 0;
        }

        /** Up to {@code wanted} bytes readable at position, reading input if none are; 0 at the part's end. */
        private int available(int wanted) throws IOException {
            return isCurrent() && wanted > 0 ? Math.min(wanted, bodyBytesAvailable()) : 0;
        }

        private boolean isCurrent() {
            return part.number == partCount;
        }
    }

    /**
     * The number of body bytes at position before the next delimiter, reading input if none are known yet;
     * 0 once the body has ended, with the delimiter line consumed.
     */
    private int bodyBytesAvailable() throws IOException {
        while (position == bodyEnd && !bodyEnded) {
            if (position == limit && !fill()) {
                throw endedInBody();
            }
            int candidate = indexOfDelimiterPrefix(position);
            if (candidate > position) {
                bodyEnd = candidate;
            } else if (!consumeDelimiterLine()) {
                bodyEnd = position + 1; // the CR there is body data
            }
        }
        return bodyEnd - position;
    }

    /**
     * The first index from {@code from} where the window holds the delimiter or, at its end, a prefix of it.
     * Horspool's search: a body of pixel data is scanned one delimiter length at a time rather than byte by byte.
     * A shift never passes a prefix match either, since each skipped start disagrees with a byte inside the window.
     * The common shift, past a byte the delimiter lacks, is taken as a branch rather than read from the table: the
     * next load then waits for no earlier one, and the scan ran four times as fast on CT pixel data.
     */
    private int indexOfDelimiterPrefix(int from) {
        int length = delimiter.length;
        int last = length - 1;
        byte lastByte = delimiter[last];
        int i = from;
        while (i + last < limit) {
            byte end = window[i + last];
            int shift = shifts[end & 0xFF];
            if (shift == length && end != lastByte) {
                i += length;
                continue;
            }
            if (end == lastByte && Arrays.equals(window, i, i + last, delimiter, 0, last)) {
                return i;
            }
            i += shift;
        }
        for (; i < limit; i++) {
            if (Arrays.equals(window, i, limit, delimiter, 0, limit - i)) {
                return i;
            }
        }
        return limit;
    }

    /** Horspool's shift for each byte at the end of a failed candidate: its distance from the delimiter's end. */
    private static int[] shiftsOf(byte[] delimiter) {
        int[] shifts = new int[256];
        Arrays.fill(shifts, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shifts[delimiter[i] & 0xFF] = delimiter.length - 1 - i;
        }
        return shifts;
    }

    /**
     * If a delimiter line starts at position (delimiter, transport padding, then CRLF, LF or "--"), consumes it,
     * ends the body and returns true; returns false if the bytes there are body data after all.
     */
    private boolean consumeDelimiterLine() throws IOException {
        if (!ensureBuffered(delimiter.length)) {
            throw endedInBody();
        }
        if (!Arrays.equals(window, position, position + delimiter.length, delimiter, 0, delimiter.length)) {
            return false;
        }
        int offset = delimiter.length;
        while (true) {
            if (!ensureBuffered(offset + 2)) {
                throw endedInBody();
            }
            byte next = window[position + offset];
            byte afterNext = window[position + offset + 1];
            if (next == ' ' || next == '\t') {
                offset++;
            } else if (next == '-' && afterNext == '-') {
                closeDelimiterSeen = true;
                return endBody(offset + 2);
            } else if (next == '\r' && afterNext == '\n') {
                return endBody(offset + 2);
            } else if (next == '\n') {
                return endBody(offset + 1);
            } else {
                return false; // e.g. "--boundaryX": a longer string that merely starts with the boundary
            }
        }
    }

    private boolean endBody(int delimiterLineLength) {
        position += delimiterLineLength;
        bodyEnd = position;
        bodyEnded = true;
        return true;
    }

    private List<Map.Entry<String, String>> readHeaderSection() throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int sectionBytes = 0;
        while (true) {
            line.setLength(0);
            for (int b = readHeaderByte(); b != '\n'; b = readHeaderByte()) {
                line.append((char) b);
                if (++sectionBytes > limits.maxHeaderBytes()) {
                    throw new MultipartException("headers of part " + partCount + " exceed "
                            + limits.maxHeaderBytes() + " bytes");
                }
            }
            if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                line.setLength(line.length() - 1);
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                unfoldInto(headers, line);
            } else {
                headers.add(headerField(line));
            }
        }
    }

    /** Appends a continuation line (obsolete line folding, RFC 5322 2.2.3) to the previous field. */
    private void unfoldInto(List<Map.Entry<String, String>> headers, CharSequence continuation) throws IOException {
        if (headers.isEmpty()) {
            throw new MultipartException("part " + partCount + " starts with a continuation line: \""
                    + continuation + "\"");
        }
        Map.Entry<String, String> previous = headers.get(headers.size() - 1);
        String value = (previous.getValue() + " " + continuation.toString().strip()).strip();
        headers.set(headers.size() - 1, new AbstractMap.SimpleImmutableEntry<>(previous.getKey(), value));
    }

    private Map.Entry<String, String> headerField(CharSequence line) throws IOException {
        String text = line.toString();
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(0, colon).stripTrailing();
        if (!MediaType.isToken(name)) {
            throw new MultipartException("malformed header line in part " + partCount + ": \"" + text + "\"");
        }
        return new AbstractMap.SimpleImmutableEntry<>(name, text.substring(colon + 1).strip());
    }

    /** Header bytes are ISO-8859-1, so every byte survives as one char (RFC 9110 5.5). */
    private int readHeaderByte() throws IOException {
        if (position == limit && !fill()) {
            throw new MultipartException("stream ended inside the headers of part " + partCount);
        }
        return window[position++] & 0xFF;
    }

    /** Makes at least {@code count} bytes available from position; false if the input ends first. */
    private boolean ensureBuffered(int count) throws IOException {
        while (limit - position < count) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more input after limit, first moving unread bytes to the window's start if needed; false at EOF. */
    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        if (limit == window.length) {
            if (position == 0) {
                throw new MultipartException("delimiter line of more than " + WINDOW_SIZE
                        + " bytes (transport padding) after part " + partCount);
            }
            System.arraycopy(window, position, window, 0, limit - position);
            limit -= position;
            bodyEnd -= position;
            position = 0;
        }
        int count = in.read(window, limit, window.length - limit);
        if (count < 0) {
            endOfInput = true;
            return false;
        }
        limit += count;
        return true;
    }

    private MultipartException endedInBody() {
        if (partCount == 0) {
            return new MultipartException("no multipart boundary \"--" + boundary + "\" found before end of stream");
        }
        return new MultipartException("stream ended inside part " + partCount + " before its delimiter \"--"
                + boundary + "\" (missing closing delimiter \"--" + boundary + "--\"?)");
    }
}
