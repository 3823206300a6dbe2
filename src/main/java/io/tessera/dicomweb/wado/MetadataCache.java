package io.tessera.dicomweb.wado;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole metadata responses kept by their strong ETag ({@link MetadataETag}), which covers everything the bytes
 * depend on: a changed instance, another URL or content coding is another tag, so entries never go stale and need
 * no invalidation. A viewer opening a series asks for its metadata again and again; a hit is one array copy instead
 * of inflating, rewriting and deflating every instance's JSON. Bounded in bytes, least recently used out first;
 * responses larger than {@link #MAX_ENTRY} (large studies) stream as before without being kept.
 */
@ApplicationScoped
class MetadataCache {
    private static final long MAX_BYTES = 32L << 20;
    private static final int MAX_ENTRY = 4 << 20;

    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    synchronized byte[] get(String etag) {
        return entries.get(etag);
    }

    private synchronized void put(String etag, byte[] body) {
        byte[] previous = entries.put(etag, body);
        bytes += body.length - (previous == null ? 0 : previous.length);
        var eldest = entries.entrySet().iterator();
        while (bytes > MAX_BYTES && eldest.hasNext()) {
            Map.Entry<String, byte[]> entry = eldest.next();
            bytes -= entry.getValue().length;
            eldest.remove();
        }
    }

    /** Passes a response through and, when it ends complete and small enough, keeps a copy under {@code etag}. */
    Recording record(String etag, OutputStream out) {
        return new Recording(etag, out);
    }

    final class Recording extends FilterOutputStream {
        private final String etag;
        private byte[] copy = new byte[64 * 1024];
        private int length;

        private Recording(String etag, OutputStream out) {
            super(out);
            this.etag = etag;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (copy == null) {
                return;
            }
            if (length + len > MAX_ENTRY) {
                copy = null;
                return;
            }
            if (length + len > copy.length) {
                copy = Arrays.copyOf(copy, Math.min(MAX_ENTRY, Math.max(length + len, 2 * copy.length)));
            }
            System.arraycopy(b, off, copy, length, len);
            length += len;
        }

        /** The response is complete: keep it. */
        void complete() {
            if (copy != null) {
                put(etag, Arrays.copyOf(copy, length));
                copy = null;
            }
        }
    }
}
