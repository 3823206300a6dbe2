package io.tessera.dicom.io;

/** {@code length} bytes starting at absolute {@code offset} of the stream a data set was read from. */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative byte range: " + offset + "+" + length);
        }
    }

    public long end() {
        return offset + length;
    }
}
