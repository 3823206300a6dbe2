package io.tessera.dicom.io;

import java.util.List;

/** Where one frame of pixel data lies: one range for native frames, one per fragment for encapsulated ones. */
public record Frame(List<ByteRange> ranges) {
    public Frame {
        ranges = List.copyOf(ranges);
    }

    /** Total bytes of the frame. */
    public long length() {
        return ranges.stream().mapToLong(ByteRange::length).sum();
    }
}
