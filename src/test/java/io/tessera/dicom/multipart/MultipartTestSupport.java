package io.tessera.dicom.multipart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Streams and helpers shared by the multipart tests. */
final class MultipartTestSupport {
    private MultipartTestSupport() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static MultipartRelatedReader reader(String body, String boundary) {
        return new MultipartRelatedReader(new ByteArrayInputStream(ascii(body)), boundary);
    }

    /** A stream that hands out at most one byte per read, like a slow network. */
    static InputStream oneByteAtATime(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }

    /** Reads all of a stream with reads of at most {@code chunkSize} bytes. */
    static byte[] readInChunks(InputStream in, int chunkSize) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[chunkSize];
        for (int count; (count = in.read(chunk, 0, chunkSize)) >= 0; ) {
            all.write(chunk, 0, count);
        }
        return all.toByteArray();
    }

    /** Writes each content as one part (with a numbering header) and returns the whole body. */
    static byte[] write(String boundary, List<byte[]> contents) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (MultipartRelatedWriter writer = new MultipartRelatedWriter(body, boundary)) {
            for (int i = 0; i < contents.size(); i++) {
                writer.writePart(Map.of("Content-Type", "application/dicom", "X-Part", Integer.toString(i)),
                        new ByteArrayInputStream(contents.get(i)));
            }
        }
        return body.toByteArray();
    }

    /** Reads every part's contents, checking the headers {@link #write} puts on them. */
    static List<byte[]> readAll(InputStream body, String boundary, int chunkSize) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        try (MultipartRelatedReader reader = new MultipartRelatedReader(body, boundary)) {
            for (MultipartRelatedReader.Part part; (part = reader.next()) != null; ) {
                if (!Integer.toString(contents.size()).equals(part.header("x-part"))
                        || !part.contentType().essence().equals("application/dicom")) {
                    throw new AssertionError("unexpected headers " + part.headers());
                }
                contents.add(readInChunks(part.body(), chunkSize));
            }
        }
        return contents;
    }

    /**
     * Whether a part with these contents would end early: the contents hold a delimiter line, which the writer
     * cannot escape. "--boundary" must follow CRLF and precede padding and CRLF, LF, "--" or the part's end.
     */
    static boolean containsDelimiterLine(byte[] contents, String boundary) {
        String text = new String(contents, StandardCharsets.ISO_8859_1);
        String delimiter = "\r\n--" + boundary;
        for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, at + 1)) {
            int after = at + delimiter.length();
            while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
                after++;
            }
            String rest = text.substring(after);
            if (rest.isEmpty() || rest.startsWith("\r\n") || rest.startsWith("\n") || rest.startsWith("--")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code size} deterministic bytes, generated on the fly, rich in CR, LF, '-' and near-delimiters. Each
     * fragment is cut off by a byte that cannot continue it into a delimiter line, so none can occur.
     */
    static InputStream generated(long size, long seed, String boundary) {
        byte[][] fragments = {ascii("\r\n--"), ascii("\r\n--" + boundary.substring(0, boundary.length() - 1) + "\0"),
                ascii("\r\n--" + boundary + "x"), ascii("x--" + boundary + "\r\n"), ascii("\r"), ascii("-")};
        SplittableRandom random = new SplittableRandom(seed);
        return new InputStream() {
            private long remaining = size;
            private byte[] pending = new byte[0];
            private int pendingIndex;

            @Override
            public int read() {
                if (remaining == 0) {
                    return -1;
                }
                if (pendingIndex == pending.length) {
                    pending = random.nextInt(64) == 0
                            ? fragments[random.nextInt(fragments.length)]
                            : new byte[] {(byte) random.nextInt(256)};
                    pendingIndex = 0;
                }
                remaining--;
                return pending[pendingIndex++] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining == 0) {
                    return length == 0 ? 0 : -1;
                }
                int count = (int) Math.min(length, remaining);
                for (int i = 0; i < count; i++) {
                    buffer[offset + i] = (byte) read();
                }
                return count;
            }
        };
    }

    /** A SHA-256 sink: nothing is kept but the digest and the count. */
    static final class DigestSink extends DigestOutputStream {
        private long count;

        DigestSink() {
            super(OutputStream.nullOutputStream(), sha256());
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            super.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        long count() {
            return count;
        }

        String hex() {
            return HexFormat.of().formatHex(getMessageDigest().digest());
        }

        static String hexOf(InputStream in) {
            try (DigestSink sink = new DigestSink()) {
                in.transferTo(sink);
                return sink.hex();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
