package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A header read that leaves Pixel Data in the source has the source skip it rather than read it. */
class SkippedPixelDataTest {
    private static final int PIXEL_LENGTH = 1 << 20;
    private static final byte[] PADDING = {1, 2, 3, 4};
    private static final ReadOptions HEADER_ONLY = ReadOptions.DEFAULTS.withStopAtPixelData(true);

    @Test
    void pixelDataIsSkippedNotReadAndWhatFollowsIsRead() throws IOException {
        byte[] instance = instance();
        CountingStream source = new CountingStream(instance);

        DicomFile file = new DicomReader(source, HEADER_ONLY).read();

        assertEquals(PIXEL_LENGTH, file.pixelData().valueLength());
        assertEquals(instance.length - PIXEL_LENGTH - 12 - PADDING.length, file.pixelData().valueOffset());
        assertArrayEquals(PADDING, file.dataset().bytes(Tags.DataSetTrailingPadding));
        assertTrue(source.read < 64 * 1024, source.read + " bytes read of " + instance.length);
    }

    @Test
    void pixelDataCutShortIsAnErrorStill() throws IOException {
        byte[] instance = instance();
        byte[] cut = Arrays.copyOf(instance, instance.length - PIXEL_LENGTH / 2);

        assertThrows(DicomException.class, () -> new DicomReader(new CountingStream(cut), HEADER_ONLY).read());
    }

    private static byte[] instance() throws IOException {
        Dataset dataset = new Dataset();
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        dataset.putStrings(Tags.SOPInstanceUID, Vr.UI, "2.25.43");
        dataset.put(Tags.PixelData, Vr.OW, new Value.BulkData(0, PIXEL_LENGTH));
        dataset.put(Tags.DataSetTrailingPadding, Vr.OB, new Value.Bytes(PADDING));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out, (offset, length) -> Zeros.of(length), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .write(new Dataset(), dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    /** A stream that can skip, as a file can, and counts the bytes read. */
    private static final class CountingStream extends ByteArrayInputStream {
        long read;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read() {
            read++;
            return super.read();
        }

        @Override
        public synchronized int read(byte[] into, int offset, int length) {
            int n = super.read(into, offset, length);
            read += Math.max(n, 0);
            return n;
        }
    }
}
