package io.tessera.dicom.io;

import io.tessera.dicom.Vr;

import java.util.List;

/**
 * Where the top-level Pixel Data (7FE0,0010) lies in the stream it was read from.
 *
 * @param valueOffset    absolute offset of the first value byte (for encapsulated data: of the first item tag)
 * @param valueLength    value length, -1 when undefined (encapsulated)
 * @param frames         one entry per frame; empty when the frames cannot be located (see docs/frame-location.md)
 * @param offsetsInSource false when offsets count in the inflated body of a Deflated transfer syntax (the meta
 *                        header bytes, then the inflated bytes) and so cannot be used for byte-range reads of
 *                        the source
 */
public record PixelDataInfo(long valueOffset, long valueLength, Vr vr, boolean encapsulated, List<Frame> frames,
                            boolean offsetsInSource) {
    public PixelDataInfo {
        frames = List.copyOf(frames);
    }
}
