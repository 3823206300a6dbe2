package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Pixel Data value longer than {@link Integer#MAX_VALUE} (lengths are unsigned 32-bit, so up to 4 GiB - 2) written
 * and read back without being held: its bytes are zeros generated on demand and only counted.
 */
class LargeValueTest {
    private static final int FRAME_LENGTH = 512 * 512 * 2;
    private static final int FRAMES = 4097; // 2 GiB + one frame: the last frame starts beyond 2^31
    private static final long PIXEL_LENGTH = (long) FRAMES * FRAME_LENGTH;
    private static final byte[] PADDING = {1, 2, 3, 4};

    @Test
    void pixelDataLongerThanAnIntIsWrittenReadAndLocated() throws IOException {
        Dataset dataset = new Dataset();
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7.3");
        dataset.putStrings(Tags.SOPInstanceUID, Vr.UI, "2.25.42");
        dataset.put(Tags.SamplesPerPixel, Vr.US, new Value.Bytes(new byte[]{1, 0}));
        dataset.putStrings(Tags.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        dataset.putStrings(Tags.NumberOfFrames, Vr.IS, Integer.toString(FRAMES));
        dataset.put(Tags.Rows, Vr.US, new Value.Bytes(new byte[]{0, 2}));
        dataset.put(Tags.Columns, Vr.US, new Value.Bytes(new byte[]{0, 2}));
        dataset.put(Tags.BitsAllocated, Vr.US, new Value.Bytes(new byte[]{16, 0}));
        dataset.put(Tags.PixelData, Vr.OW, new Value.BulkData(0, PIXEL_LENGTH));
        dataset.put(Tags.DataSetTrailingPadding, Vr.OB, new Value.Bytes(PADDING));

        HeadAndTail written = new HeadAndTail();
        new DicomWriter(written, (offset, length) -> Zeros.of(length), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .write(new Dataset(), dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        DicomFile read = new DicomReader(written.replay()).read();
        PixelDataInfo pixels = read.pixelData();
        assertEquals(PIXEL_LENGTH, pixels.valueLength());
        assertEquals(new Value.BulkData(pixels.valueOffset(), PIXEL_LENGTH), read.dataset().get(Tags.PixelData));
        byte[] header = written.head(pixels.valueOffset());
        int lengthField = ByteBuffer.wrap(header, header.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(PIXEL_LENGTH, Integer.toUnsignedLong(lengthField), "the 32-bit length as written");
        assertEquals(FRAMES, pixels.frames().size());
        ByteRange last = pixels.frames().get(FRAMES - 1).ranges().get(0);
        assertEquals(new ByteRange(pixels.valueOffset() + (long) (FRAMES - 1) * FRAME_LENGTH, FRAME_LENGTH), last);
        assertTrue(last.offset() > Integer.MAX_VALUE, "offset " + last.offset());
        assertArrayEquals(PADDING, read.dataset().bytes(Tags.DataSetTrailingPadding), "what follows is read");
        assertEquals(pixels.valueOffset() + PIXEL_LENGTH + 12 + PADDING.length, written.count());

        DicomFile located = new DicomReader(written.replay(), ReadOptions.DEFAULTS.withStopAtPixelData(true)).read();
        assertEquals(pixels, located.pixelData());
    }

    /** Keeps the first and last {@link #KEEP} bytes written and counts the rest (the zeros of Pixel Data here). */
    private static final class HeadAndTail extends OutputStream {
        static final int KEEP = 1 << 16;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail = new byte[KEEP];
        private long count;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            head.write(bytes, offset, (int) Math.max(0, Math.min(length, KEEP - count)));
            int kept = Math.min(length, KEEP);
            long position = count + length - kept;
            for (int i = 0; i < kept; ) {
                int at = (int) (position % KEEP);
                int step = Math.min(kept - i, KEEP - at);
                System.arraycopy(bytes, offset + length - kept + i, tail, at, step);
                i += step;
                position += step;
            }
            count += length;
        }

        long count() {
            return count;
        }

        /** The first {@code length} bytes written. */
        byte[] head(long length) {
            return Arrays.copyOf(head.toByteArray(), Math.toIntExact(length));
        }

        /** What was written: the head, zeros, the tail. */
        InputStream replay() {
            assertTrue(count >= 2L * KEEP);
            int start = (int) (count % KEEP);
            byte[] last = new byte[KEEP];
            System.arraycopy(tail, start, last, 0, KEEP - start);
            System.arraycopy(tail, 0, last, KEEP - start, start);
            return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head.toByteArray()),
                    Zeros.of(count - 2L * KEEP), new ByteArrayInputStream(last))));
        }
    }
}
