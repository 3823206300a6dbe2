package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Vr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds where each frame of the top-level Pixel Data lies (see docs/frame-location.md). Never fails a read:
 * when the pixel attributes are missing or inconsistent the frame list is empty.
 */
final class FrameLocator {
    private FrameLocator() {
    }

    /**
     * Native pixel data: frame i covers bits [i*F, (i+1)*F) of the value, F = Rows*Columns*SamplesPerPixel*
     * BitsAllocated (two samples per pixel for YBR_FULL_422). For bit-packed frames (F not a multiple of 8) the range is widened to whole bytes, so
     * neighbouring frames may share a byte. Frames that would run past the value are left out.
     */
    static PixelDataInfo nativeFrames(Dataset dataset, long valueOffset, long valueLength, Vr vr, boolean inSource) {
        List<Frame> frames = new ArrayList<>();
        try {
            long frameBits = Math.multiplyExact(
                    Math.multiplyExact((long) dataset.intValue(Tags.Rows, 0), dataset.intValue(Tags.Columns, 0)),
                    Math.multiplyExact(storedSamplesPerPixel(dataset), dataset.intValue(Tags.BitsAllocated, 0)));
            long count = numberOfFrames(dataset);
            for (long i = 0; frameBits > 0 && i < count; i++) {
                long first = Math.multiplyExact(i, frameBits) / 8;
                long end = (Math.multiplyExact(i + 1, frameBits) + 7) / 8;
                if (end > valueLength) {
                    break;
                }
                frames.add(new Frame(List.of(new ByteRange(valueOffset + first, end - first))));
            }
        } catch (RuntimeException inconsistentAttributes) {
            frames.clear();
        }
        return new PixelDataInfo(valueOffset, valueLength, vr, false, frames, inSource);
    }

    /** Samples stored per pixel: YBR_FULL_422 keeps one Cb and one Cr per two pixels (PS3.3 C.7.6.3.1.2). */
    private static long storedSamplesPerPixel(Dataset dataset) {
        int samples = dataset.intValue(Tags.SamplesPerPixel, 1);
        return samples == 3 && "YBR_FULL_422".equals(dataset.string(Tags.PhotometricInterpretation)) ? 2 : samples;
    }

    /**
     * Encapsulated pixel data. {@code ranges} are the value bytes of every item, the Basic Offset Table first;
     * {@code startsImage} says which items begin with a JPEG SOI or JPEG 2000 SOC marker.
     */
    static PixelDataInfo encapsulatedFrames(Dataset dataset, long valueOffset, Vr vr, byte[] offsetTable,
                                            List<ByteRange> ranges, List<Boolean> startsImage, boolean inSource) {
        List<Frame> frames = List.of();
        if (ranges.size() > 1) {
            List<ByteRange> fragments = ranges.subList(1, ranges.size());
            try {
                frames = fromExtendedOffsetTable(dataset, fragments);
                if (frames.isEmpty() && offsetTable != null && offsetTable.length >= 4) {
                    frames = fromOffsets(basicOffsets(offsetTable), null, fragments);
                }
                if (frames.isEmpty()) {
                    frames = withoutOffsets(numberOfFrames(dataset), fragments, startsImage.subList(1, startsImage.size()));
                }
            } catch (RuntimeException inconsistentAttributes) {
                frames = List.of();
            }
        }
        return new PixelDataInfo(valueOffset, -1, vr, true, frames, inSource);
    }

    private static long numberOfFrames(Dataset dataset) {
        try {
            String text = dataset.string(Tags.NumberOfFrames);
            long count = text == null ? 1 : Long.parseLong(text.trim());
            return Math.max(count, 1);
        } catch (NumberFormatException notAnInteger) {
            return 1;
        }
    }

    /** Extended Offset Table (7FE0,0001) with its lengths (7FE0,0002), PS3.3 C.7.6.3.1.8: one fragment per frame. */
    private static List<Frame> fromExtendedOffsetTable(Dataset dataset, List<ByteRange> fragments) {
        byte[] offsets = dataset.bytes(Tags.ExtendedOffsetTable);
        byte[] lengths = dataset.bytes(Tags.ExtendedOffsetTableLengths);
        if (offsets == null || offsets.length < 8 || lengths == null || lengths.length != offsets.length) {
            return List.of();
        }
        return fromOffsets(longs(offsets, 8), longs(lengths, 8), fragments);
    }

    private static long[] basicOffsets(byte[] table) {
        return longs(table, 4);
    }

    private static long[] longs(byte[] bytes, int width) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[bytes.length / width];
        for (int i = 0; i < out.length; i++) {
            out[i] = width == 8 ? buffer.getLong() : buffer.getInt() & 0xFFFFFFFFL;
        }
        return out;
    }

    /**
     * Frames from offsets of their first fragment's item tag, counted from the first fragment's item tag (PS3.5
     * A.4). Offsets that are not increasing or do not hit an item start make the table unusable: empty result.
     * With {@code lengths} (extended table) a frame is its one fragment, cut to the given length.
     */
    private static List<Frame> fromOffsets(long[] offsets, long[] lengths, List<ByteRange> fragments) {
        long base = fragments.get(0).offset() - 8;
        Map<Long, Integer> fragmentAt = new HashMap<>();
        for (int i = 0; i < fragments.size(); i++) {
            fragmentAt.put(fragments.get(i).offset() - 8 - base, i);
        }
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < offsets.length; f++) {
            Integer first = fragmentAt.get(offsets[f]);
            Integer next = f + 1 < offsets.length ? fragmentAt.get(offsets[f + 1]) : Integer.valueOf(fragments.size());
            if (first == null || next == null || next <= first) {
                return List.of();
            }
            if (lengths != null) {
                ByteRange fragment = fragments.get(first);
                frames.add(new Frame(List.of(new ByteRange(fragment.offset(), Math.min(lengths[f], fragment.length())))));
            } else {
                frames.add(new Frame(fragments.subList(first, next)));
            }
        }
        return frames;
    }

    /**
     * No usable offset table: one fragment per frame when the counts agree, all fragments for a single frame,
     * else a new frame at each fragment that starts with a JPEG SOI or JPEG 2000 SOC marker, used only when that
     * gives exactly the expected number of frames.
     */
    private static List<Frame> withoutOffsets(long count, List<ByteRange> fragments, List<Boolean> startsImage) {
        if (count == fragments.size()) {
            return fragments.stream().map(fragment -> new Frame(List.of(fragment))).toList();
        }
        if (count == 1) {
            return List.of(new Frame(fragments));
        }
        if (count > fragments.size() || !startsImage.get(0)) {
            return List.of();
        }
        List<Frame> frames = new ArrayList<>();
        int first = 0;
        for (int i = 1; i <= fragments.size(); i++) {
            if (i == fragments.size() || startsImage.get(i)) {
                frames.add(new Frame(fragments.subList(first, i)));
                first = i;
            }
        }
        return frames.size() == count ? frames : List.of();
    }
}
