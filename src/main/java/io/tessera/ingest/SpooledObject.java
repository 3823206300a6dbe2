package io.tessera.ingest;

import io.tessera.storage.BlobStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object just written with one instance's bytes as they will be stored, with their size and checksums, and its
 * first bytes ({@code head}, at most {@link HashingInputStream#HEAD_BYTES}) as they went by.
 */
record SpooledObject(String key, long size, String sha256, long crc32, byte[] head) {

    static SpooledObject of(String key, HashingInputStream written) {
        return new SpooledObject(key, written.count(), written.sha256Hex(), written.crc32(), written.head());
    }

    /**
     * Reads the object back: the head from memory, the rest from the store only where a reader reads it. Parsing the
     * header, which skips over Pixel Data to the end, so costs no store request at all (on S3 a GET each).
     */
    InputStream open(BlobStore blobs) {
        return new HeadThenStore(blobs, this);
    }

    private static final class HeadThenStore extends InputStream {
        private final BlobStore blobs;
        private final SpooledObject object;
        private long position;
        /** The store's bytes from where the head ends or a skip left off, opened by the first read past the head. */
        private InputStream rest;

        HeadThenStore(BlobStore blobs, SpooledObject object) {
            this.blobs = blobs;
            this.object = object;
        }

        @Override
        public int read() throws IOException {
            if (position >= object.size()) {
                return -1;
            }
            int b = position < object.head().length ? object.head()[(int) position] & 0xFF : rest().read();
            if (b < 0) {
                throw shorterThanWritten();
            }
            position++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= object.size()) {
                return -1;
            }
            int n;
            if (position < object.head().length) {
                n = (int) Math.min(length, object.head().length - position);
                System.arraycopy(object.head(), (int) position, buffer, offset, n);
            } else {
                n = rest().read(buffer, offset, length);
                if (n < 0) {
                    throw shorterThanWritten();
                }
            }
            position += n;
            return n;
        }

        /** Past the head, skips without reading: the store is opened where reading resumes, if it does. */
        @Override
        public long skip(long n) throws IOException {
            long skipped = rest != null ? rest.skip(n) : Math.max(0, Math.min(n, object.size() - position));
            position += skipped;
            return skipped;
        }

        private InputStream rest() throws IOException {
            if (rest == null) {
                rest = blobs.getRange(object.key(), position, object.size() - position);
            }
            return rest;
        }

        private EOFException shorterThanWritten() {
            return new EOFException(object.key() + " ends before the " + object.size() + " bytes written");
        }

        @Override
        public void close() throws IOException {
            if (rest != null) {
                rest.close();
            }
        }
    }
}
