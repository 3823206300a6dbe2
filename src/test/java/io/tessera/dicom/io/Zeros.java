package io.tessera.dicom.io;

import java.io.InputStream;
import java.util.Arrays;

/** Streams of zero bytes made as they are read, for values far larger than a test may hold. */
final class Zeros {
    private Zeros() {
    }

    static InputStream of(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] into, int at, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                Arrays.fill(into, at, at + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
