package io.tessera.collections;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes on the bytes of a stream between {@code from} (inclusive) and {@code to} (exclusive), counting all of
 * them: how one byte range of a deterministic body is produced from the whole.
 */
final class ByteWindow extends OutputStream {
    /** Thrown by {@link #stopWhenFull} once every byte asked for is written: nothing more needs producing. */
    static final class Full extends RuntimeException {
        Full() {
            super(null, null, false, false);
        }
    }

    final long from;
    final long to;
    private final OutputStream out;
    long position;

    ByteWindow(OutputStream out, long from, long to) {
        this.out = out;
        this.from = from;
        this.to = to;
    }

    @Override
    public void write(int b) throws IOException {
        if (position >= from && position < to) {
            out.write(b);
        }
        position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long first = Math.max(position, from);
        long last = Math.min(position + len, to);
        if (first < last) {
            out.write(b, off + (int) (first - position), (int) (last - first));
        }
        position += len;
    }

    /** Moves over bytes outside the window without producing them. */
    void skipTo(long target) {
        if (target > position && position < to && target > from) {
            throw new IllegalStateException("cannot skip bytes inside the window");
        }
        position = Math.max(position, target);
    }

    void expectPosition(long expected, String what) throws IOException {
        if (position != expected) {
            throw new IOException("the content of " + what + " is " + (position < expected ? "shorter" : "longer")
                    + " than its recorded size");
        }
    }

    void stopWhenFull() {
        if (position >= to) {
            throw new Full();
        }
    }
}
