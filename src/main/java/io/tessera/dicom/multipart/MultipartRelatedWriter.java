package io.tessera.dicom.multipart;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a multipart/related body (RFC 2387) part by part, streaming each part straight to the output, as WADO-RS
 * responses are sent (PS3.18 8.6.1.2 / 10.4).
 *
 * <p>The writer does not look for the boundary inside part contents; {@link #newBoundary()} makes a collision
 * practically impossible, a boundary chosen by the caller must not occur in the parts. Not thread-safe.
 */
public final class MultipartRelatedWriter implements Closeable {
    private static final String BOUNDARY_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_BOUNDARY_LENGTH = 32; // about 190 bits
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final String boundary;
    private PartStream openPart;
    private int partCount;
    private boolean finished;

    /** A writer with a fresh random boundary. */
    public MultipartRelatedWriter(OutputStream out) {
        this(out, newBoundary());
    }

    public MultipartRelatedWriter(OutputStream out, String boundary) {
        this.out = Objects.requireNonNull(out, "out");
        this.boundary = Boundary.check(boundary);
    }

    /** A random boundary of letters and digits, so it never needs quoting. */
    public static String newBoundary() {
        StringBuilder boundary = new StringBuilder(RANDOM_BOUNDARY_LENGTH);
        for (int i = 0; i < RANDOM_BOUNDARY_LENGTH; i++) {
            boundary.append(BOUNDARY_ALPHABET.charAt(RANDOM.nextInt(BOUNDARY_ALPHABET.length())));
        }
        return boundary.toString();
    }

    public String boundary() {
        return boundary;
    }

    /** {@code multipart/related; type="<type>"; boundary=<boundary>}, the Content-Type of this body. */
    public MediaType contentType(String type) {
        return contentType(type, Map.of());
    }

    /**
     * {@code multipart/related; type="<type>"; <extra parameters>; boundary=<boundary>}, e.g. with a
     * {@code transfer-syntax} parameter for WADO-RS.
     */
    public MediaType contentType(String type, Map<String, String> extraParameters) {
        CaseInsensitiveMap parameters = new CaseInsensitiveMap();
        parameters.put("type", type);
        extraParameters.forEach((name, value) -> {
            if (parameters.containsKey(name) || name.equalsIgnoreCase("boundary")) {
                throw new IllegalArgumentException("parameter " + name + " is set by the writer");
            }
            parameters.put(name, value);
        });
        parameters.put("boundary", boundary);
        return new MediaType("multipart", "related", parameters);
    }

    /**
     * Closes the open part, if any, writes the delimiter and headers of a new one and returns a stream for its
     * contents. Closing that stream ends the part but not this writer.
     */
    public OutputStream startPart(Map<String, String> headers) throws IOException {
        if (finished) {
            throw new IOException("multipart body already finished");
        }
        byte[] head = partHead(boundary, partCount == 0, headers);
        closeOpenPart();
        out.write(head);
        partCount++;
        openPart = new PartStream();
        return openPart;
    }

    /** Writes a whole part, streaming its contents from {@code body} (which is left open). */
    public void writePart(Map<String, String> headers, InputStream body) throws IOException {
        try (OutputStream part = startPart(headers)) {
            body.transferTo(part);
        }
    }

    /** Closes the open part and writes the closing delimiter; the output stays open. Does nothing the second time. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        closeOpenPart();
        out.write(closeDelimiter(boundary, partCount == 0));
        out.flush();
        finished = true;
    }

    /** Finishes the body and closes the output. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    /**
     * The bytes that open a part: its delimiter line (ending the previous part's body unless it is the first) and
     * its header lines. For senders that write part bodies themselves, e.g. straight to a connection.
     */
    public static byte[] partHead(String boundary, boolean first, Map<String, String> headers) {
        StringBuilder head = new StringBuilder();
        head.append(first ? "--" : "\r\n--").append(boundary).append("\r\n");
        headers.forEach((name, value) -> head.append(checkHeaderName(name)).append(": ")
                .append(checkHeaderValue(name, value)).append("\r\n"));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The close delimiter line, ending the last part's body unless there was none. */
    public static byte[] closeDelimiter(String boundary, boolean noParts) {
        return ((noParts ? "--" : "\r\n--") + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void closeOpenPart() {
        if (openPart != null) {
            openPart.closed = true;
            openPart = null;
        }
    }

    private static String checkHeaderName(String name) {
        if (name == null || !MediaType.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + name);
        }
        return name;
    }

    private static String checkHeaderValue(String name, String value) {
        if (value == null || !MediaType.isFieldText(value)) {
            throw new IllegalArgumentException("invalid value for header " + name + ": " + value);
        }
        return value;
    }

    private final class PartStream extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            requireOpen();
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            requireOpen();
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            requireOpen();
            out.flush();
        }

        @Override
        public void close() {
            closed = true;
        }

        private void requireOpen() throws IOException {
            if (closed) {
                throw new IOException("multipart part already closed");
            }
        }
    }
}
