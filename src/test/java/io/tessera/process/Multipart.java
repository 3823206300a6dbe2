package io.tessera.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal streaming multipart/related (RFC 2046/2387), written for these tests so that they do not lean on the codec
 * they test: a body made of lazily opened parts, and a reader that hands out one part at a time as a stream.
 */
public final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(\"([^\"]*)\"|([^;\\s]+))");

    private Multipart() {
    }

    /** The body of a STOW-RS request: each supplier is opened only when the body reaches it. */
    public static InputStream body(String boundary, String partType, List<Supplier<InputStream>> parts) {
        Iterator<Supplier<InputStream>> it = parts.iterator();
        // Lazily: a SequenceInputStream over an enumeration that opens each part when reached.
        java.util.Enumeration<InputStream> lazy = new java.util.Enumeration<>() {
            int index;
            final int count = parts.size();

            @Override
            public boolean hasMoreElements() {
                return index <= count * 2;
            }

            @Override
            public InputStream nextElement() {
                if (index == count * 2) {
                    index++;
                    return ascii("\r\n--" + boundary + "--\r\n");
                }
                InputStream next;
                if (index % 2 == 0) {
                    next = ascii((index == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + partType
                            + "\r\n\r\n");
                } else {
                    next = it.next().get();
                }
                index++;
                return next;
            }
        };
        return new SequenceInputStream(lazy);
    }

    public static String contentType(String boundary, String partType) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** The boundary parameter of a Content-Type, quoted or not. */
    public static String boundaryOf(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("no boundary in Content-Type: " + contentType);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static InputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** One part: its headers (lower-case names) and its body, valid until the next call to {@link Reader#next()}. */
    public record Part(Map<String, String> headers, InputStream body) {
        public String contentType() {
            return headers.get("content-type");
        }
    }

    /** Reads parts one by one; a part's body must be consumed (or is skipped) before the next. */
    public static final class Reader implements AutoCloseable {
        private final InputStream in;
        private final byte[] delimiter;
        private final byte[] buffer = new byte[1 << 17];
        private int position;
        private int limit;
        private boolean eof;
        private boolean finished;
        private PartBody current;

        public Reader(InputStream in, String boundary) {
            this.in = in;
            this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            // The first boundary has no CRLF before it; pretend it has.
            buffer[0] = '\r';
            buffer[1] = '\n';
            limit = 2;
        }

        /** The next part, or null after the close delimiter. */
        public Part next() throws IOException {
            if (finished) {
                return null;
            }
            if (current != null) {
                current.skipRest();
            } else {
                skipPreamble();
            }
            // After a delimiter: "--" closes, else transport padding and CRLF.
            if (!ensure(2)) {
                throw new IOException("multipart body ends right after a delimiter");
            }
            if (buffer[position] == '-' && buffer[position + 1] == '-') {
                finished = true;
                return null;
            }
            String line = readLine();
            if (!line.isBlank()) {
                throw new IOException("unexpected text after a boundary: " + line);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header; !(header = readLine()).isEmpty(); ) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
            }
            current = new PartBody();
            return new Part(Collections.unmodifiableMap(headers), current);
        }

        /** All remaining parts' bodies as byte arrays (for small responses). */
        public List<byte[]> readAll() throws IOException {
            List<byte[]> all = new ArrayList<>();
            for (Part part; (part = next()) != null; ) {
                all.add(part.body().readAllBytes());
            }
            return all;
        }

        private void skipPreamble() throws IOException {
            while (true) {
                int found = find();
                if (found >= 0) {
                    position = found + delimiter.length;
                    return;
                }
                if (eof) {
                    throw new IOException("no multipart boundary in the body");
                }
                position = Math.max(position, limit - delimiter.length + 1);
                fill();
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (!ensure(1)) {
                    throw new IOException("multipart body ends inside part headers");
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                if (line.size() > 16384) {
                    throw new IOException("part header line too long");
                }
            }
        }

        /** Index of the delimiter in buffer[position, limit), or -1. */
        private int find() {
            int last = limit - delimiter.length;
            outer:
            for (int i = position; i <= last; i++) {
                for (int j = 0; j < delimiter.length; j++) {
                    if (buffer[i + j] != delimiter[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** Makes at least n bytes available unless the stream ends; false if fewer remain. */
        private boolean ensure(int n) throws IOException {
            while (limit - position < n && !eof) {
                fill();
            }
            return limit - position >= n;
        }

        private void fill() throws IOException {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private final class PartBody extends InputStream {
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] out, int offset, int length) throws IOException {
                if (ended || current != this) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                while (true) {
                    ensure(delimiter.length);
                    int found = find();
                    if (found == position) {
                        position += delimiter.length;
                        ended = true;
                        return -1;
                    }
                    int safe = found >= 0 ? found : limit - delimiter.length + 1;
                    if (safe > position) {
                        int n = Math.min(length, safe - position);
                        System.arraycopy(buffer, position, out, offset, n);
                        position += n;
                        return n;
                    }
                    if (eof) {
                        throw new IOException("multipart body ends inside a part (no closing delimiter)");
                    }
                    fill();
                }
            }

            void skipRest() throws IOException {
                byte[] discard = new byte[8192];
                while (read(discard, 0, discard.length) >= 0) {
                    // skip
                }
            }
        }
    }
}
