package io.tessera.index;

import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact form of an instance's frame locations kept in {@code instance.frame_ranges}: where each frame's
 * bytes lie in the stored object, so a frame is served with byte-range reads and no parsing.
 *
 * <p>Format (version 1): the byte {@code 1}, then unsigned LEB128 varints: the frame count; per frame its range
 * count, then per range the gap from the end of the previous range (from 0 for the first; zigzag-encoded, as
 * nothing guarantees that fragments ascend) and the length. Native frames follow each other, so their gaps are 0
 * and a frame costs about five bytes.
 */
public final class FrameRanges {
    private static final int VERSION = 1;

    private FrameRanges() {
    }

    public static byte[] encode(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + frames.size() * 6);
        out.write(VERSION);
        writeVarint(out, frames.size());
        long previousEnd = 0;
        for (Frame frame : frames) {
            writeVarint(out, frame.ranges().size());
            for (ByteRange range : frame.ranges()) {
                writeVarint(out, zigzag(range.offset() - previousEnd));
                writeVarint(out, range.length());
                previousEnd = range.end();
            }
        }
        return out.toByteArray();
    }

    /** The frames in order (frame 1 first), with absolute offsets in the stored object. */
    public static List<Frame> decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("unknown frame ranges version " + encoded[0]);
            }
            int count = Math.toIntExact(readVarint(in));
            List<Frame> frames = new ArrayList<>(Math.min(count, encoded.length));
            long previousEnd = 0;
            for (int f = 0; f < count; f++) {
                int rangeCount = Math.toIntExact(readVarint(in));
                List<ByteRange> ranges = new ArrayList<>(Math.min(rangeCount, encoded.length));
                for (int r = 0; r < rangeCount; r++) {
                    ByteRange range = new ByteRange(previousEnd + unzigzag(readVarint(in)), readVarint(in));
                    ranges.add(range);
                    previousEnd = range.end();
                }
                frames.add(new Frame(ranges));
            }
            return frames;
        } catch (BufferUnderflowException | ArithmeticException e) {
            throw new IllegalArgumentException("corrupt frame ranges", e);
        }
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("corrupt frame ranges: varint too long");
    }
}
