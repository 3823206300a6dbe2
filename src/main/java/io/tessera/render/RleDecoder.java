package io.tessera.render;

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header (segment count and up to 15 offsets), then one PackBits
 * segment per byte plane, most significant byte of each sample first, sample planes in order. The result is
 * interleaved (color-by-pixel) little-endian native data.
 */
final class RleDecoder {
    private RleDecoder() {
    }

    static byte[] decode(byte[] frame, int rows, int columns, int samplesPerPixel, int bitsAllocated) {
        if (bitsAllocated % 8 != 0) {
            throw new CannotDecodeException("RLE of " + bitsAllocated + "-bit samples is not defined");
        }
        int bytesPerSample = bitsAllocated / 8;
        int pixels = rows * columns;
        int segments = samplesPerPixel * bytesPerSample;
        if (frame.length < 64) {
            throw new CannotDecodeException("RLE frame shorter than its 64-byte header");
        }
        int count = readInt(frame, 0);
        if (count != segments || count > 15) {
            throw new CannotDecodeException("RLE frame has " + count + " segments, expected " + segments);
        }
        byte[] out = new byte[pixels * segments];
        byte[] plane = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            long start = readInt(frame, 4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < count ? readInt(frame, 8 + 4 * s) & 0xFFFFFFFFL : frame.length;
            if (start < 64 || start > frame.length || end > frame.length || end < start) {
                throw new CannotDecodeException("RLE segment " + (s + 1) + " has a bad offset " + start);
            }
            unpack(frame, (int) start, (int) end, plane);
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - s % bytesPerSample; // segments are MSB first; output LE
            int stride = segments;
            int at = sample * bytesPerSample + byteInSample;
            for (int p = 0; p < pixels; p++, at += stride) {
                out[at] = plane[p];
            }
        }
        return out;
    }

    /** PackBits (PS3.5 G.3.1); a short segment leaves the rest zero, extra output is ignored. */
    private static void unpack(byte[] in, int from, int to, byte[] plane) {
        java.util.Arrays.fill(plane, (byte) 0);
        int out = 0;
        int i = from;
        while (i < to && out < plane.length) {
            int n = in[i++];
            if (n >= 0) {
                int length = Math.min(n + 1, Math.min(to - i, plane.length - out));
                System.arraycopy(in, i, plane, out, length);
                out += length;
                i += n + 1;
            } else if (n != -128) {
                if (i >= to) {
                    break;
                }
                byte value = in[i++];
                int length = Math.min(1 - n, plane.length - out);
                java.util.Arrays.fill(plane, out, out + length, value);
                out += length;
            }
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
