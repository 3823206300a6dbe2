package io.tessera.dicom.io;

import io.tessera.dicom.DicomException;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the raw deflate body of a Deflated Explicit VR Little Endian data set (PS3.5 A.5: no zlib header),
 * refusing to produce more than the configured limits so that a small hostile file cannot exhaust memory or time.
 */
final class InflatingInputStream extends InputStream {
    private final InputStream compressed;
    private final Inflater inflater = new Inflater(true);
    private final byte[] input = new byte[8192];
    private final long maxInflatedBytes;
    private final int maxRatio;
    private long consumed;
    private long produced;

    InflatingInputStream(InputStream compressed, ReadOptions options) {
        this.compressed = compressed;
        this.maxInflatedBytes = options.maxInflatedBytes();
        this.maxRatio = options.maxInflateRatio();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        try {
            int n;
            while ((n = inflater.inflate(target, offset, length)) == 0) {
                if (inflater.finished() || inflater.needsDictionary()) {
                    return -1;
                }
                if (inflater.needsInput()) {
                    int read = compressed.read(input);
                    if (read < 0) {
                        return -1; // truncated deflate stream: the parser reports where it ran out
                    }
                    consumed += read;
                    inflater.setInput(input, 0, read);
                }
            }
            produced += n;
            checkLimits();
            return n;
        } catch (DataFormatException e) {
            throw new DicomException("corrupt deflated data set after " + produced + " inflated bytes: "
                    + e.getMessage(), e);
        }
    }

    private void checkLimits() throws DicomException {
        if (produced > maxInflatedBytes) {
            throw new DicomException("deflated data set inflates beyond " + maxInflatedBytes + " bytes");
        }
        if (produced > ReadOptions.INFLATE_RATIO_GRACE && produced / Math.max(consumed, 1) > maxRatio) {
            throw new DicomException("deflated data set inflates more than " + maxRatio + " times ("
                    + consumed + " -> " + produced + " bytes)");
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        compressed.close();
    }
}
