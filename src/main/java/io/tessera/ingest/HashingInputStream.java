package io.tessera.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Passes a stream through while computing its SHA-256 and CRC-32, counting its bytes and keeping its first
 * {@link #HEAD_BYTES} (for {@link SpooledObject#open}). Remembers whether the source itself failed, so a broken request
 * body can be told from a storage failure downstream.
 */
final class HashingInputStream extends FilterInputStream {
    /** Enough for the data set before Pixel Data of nearly every instance (a CT slice's is 2-8 KiB). */
    static final int HEAD_BYTES = 64 * 1024;

    private final MessageDigest sha256;
    private final CRC32 crc32 = new CRC32();
    private final byte[] head = new byte[HEAD_BYTES];
    private long count;
    private IOException sourceFailure;

    HashingInputStream(InputStream in) {
        super(in);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (n > 0) {
            sha256.update(buffer, offset, n);
            crc32.update(buffer, offset, n);
            if (count < HEAD_BYTES) {
                System.arraycopy(buffer, offset, head, (int) count, (int) Math.min(n, HEAD_BYTES - count));
            }
            count += n;
        }
        return n;
    }

    /** Skipping would leave bytes out of the hashes, so bytes are read instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The exception the wrapped stream threw, or null. */
    IOException sourceFailure() {
        return sourceFailure;
    }

    long count() {
        return count;
    }

    /** Lower-case hex SHA-256 of all bytes read; call once, at the end. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    long crc32() {
        return crc32.getValue();
    }

    /** The first {@link #HEAD_BYTES} read, or all of them when there were fewer. */
    byte[] head() {
        return count >= HEAD_BYTES ? head : Arrays.copyOf(head, (int) count);
    }
}
