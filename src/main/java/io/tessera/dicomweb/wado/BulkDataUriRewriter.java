package io.tessera.dicomweb.wado;

import io.tessera.ingest.BulkDataPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Makes the relative BulkDataURIs of stored metadata absolute while it streams: after every
 * {@code "BulkDataURI":"} it inserts the instance's URL and a slash. Stored metadata has no whitespace between
 * tokens and that byte sequence cannot occur inside a JSON string (its quotes would be escaped), so no JSON
 * parsing is needed (see {@link BulkDataPaths}).
 */
final class BulkDataUriRewriter extends OutputStream {
    private static final byte[] KEY = BulkDataPaths.STORED_PREFIX
            .substring(0, BulkDataPaths.STORED_PREFIX.length() - BulkDataPaths.RELATIVE_PREFIX.length())
            .getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private byte[] insertion;
    private int matched;

    BulkDataUriRewriter(OutputStream out) {
        this.out = out;
    }

    /** The instance whose metadata is written next: its URIs become {@code instanceUrl + "/" + relative}. */
    void startInstance(String instanceUrl) {
        insertion = jsonStringContent(instanceUrl + "/").getBytes(StandardCharsets.UTF_8);
        matched = 0;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == KEY[matched]) {
                if (++matched == KEY.length) {
                    out.write(bytes, start, i + 1 - start);
                    out.write(insertion);
                    start = i + 1;
                    matched = 0;
                }
            } else {
                // In valid JSON a partial match can only restart at a quote.
                matched = b == KEY[0] ? 1 : 0;
            }
        }
        out.write(bytes, start, end - start);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** URLs come from a parsed request URI and validated UIDs; escaping anyway keeps the JSON valid whatever. */
    private static String jsonStringContent(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
