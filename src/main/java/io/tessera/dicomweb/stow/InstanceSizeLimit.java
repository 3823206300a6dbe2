package io.tessera.dicomweb.stow;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes one instance's bytes through until more than the limit have come, then fails with {@link Exceeded}, which
 * the resource answers with 413. Ingest sees it as a failing source, so the partial object is deleted.
 */
final class InstanceSizeLimit extends FilterInputStream {
    /** The instance is larger than the limit. */
    static final class Exceeded extends IOException {
        Exceeded(long limit) {
            super("An instance is larger than the limit of " + limit + " bytes (tessera.ingest.max-instance-bytes)");
        }
    }

    private final long limit;
    private long count;

    InstanceSizeLimit(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws Exceeded {
        count += n;
        if (count > limit) {
            throw new Exceeded(limit);
        }
    }
}
