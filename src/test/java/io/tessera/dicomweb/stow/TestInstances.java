package io.tessera.dicomweb.stow;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.BulkDataSource;
import io.tessera.dicom.io.DicomWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Consumer;

/** Part 10 instances with fresh UIDs, and multipart/related bodies holding them, written the way clients send them. */
public final class TestInstances {
    public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String ADMIN_TOKEN = "Bearer test-admin-token";

    private TestInstances() {
    }

    public static String newUid() {
        // PS3.5 B.2: a UUID as a decimal integer under 2.25.
        UUID uuid = UUID.randomUUID();
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    /** An 8-bit monochrome secondary capture of {@code rows x columns}, pixel values taken from {@code seed}. */
    public static byte[] instance(String study, String series, String sop, int rows, int columns, int seed) {
        return instance(study, series, sop, rows, columns, seed, dataset -> { });
    }

    /** As {@link #instance(String, String, String, int, int, int)}, with what {@code more} adds to the data set. */
    public static byte[] instance(String study, String series, String sop, int rows, int columns, int seed,
                                  Consumer<Dataset> more) {
        Dataset dataset = header(study, series, sop, rows, columns);
        more.accept(dataset);
        byte[] pixels = new byte[rows * columns + (rows * columns) % 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (seed + i);
        }
        dataset.put(Tags.PixelData, Vr.OB, new Value.Bytes(pixels));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(dataset, out, null);
        return out.toByteArray();
    }

    /** Writes an instance whose Pixel Data is {@code rows * columns} zero bytes, streamed, never in memory. */
    static void largeInstance(String study, String series, String sop, int rows, int columns, OutputStream out) {
        Dataset dataset = header(study, series, sop, rows, columns);
        dataset.put(Tags.PixelData, Vr.OB, new Value.BulkData(0, (long) rows * columns));
        write(dataset, out, (offset, length) -> new ZeroInputStream(length));
    }

    private static Dataset header(String study, String series, String sop, int rows, int columns) {
        Dataset dataset = new Dataset();
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, SECONDARY_CAPTURE);
        dataset.putStrings(Tags.SOPInstanceUID, Vr.UI, sop);
        dataset.putStrings(Tags.StudyDate, Vr.DA, "20240131");
        dataset.putStrings(Tags.Modality, Vr.CS, "OT");
        dataset.putStrings(Tags.PatientName, Vr.PN, "Test^Patient");
        dataset.putStrings(Tags.PatientID, Vr.LO, "STOW-TEST");
        dataset.putStrings(Tags.StudyInstanceUID, Vr.UI, study);
        dataset.putStrings(Tags.SeriesInstanceUID, Vr.UI, series);
        dataset.putStrings(Tags.InstanceNumber, Vr.IS, "1");
        dataset.put(Tags.SamplesPerPixel, Vr.US, unsignedShort(1));
        dataset.putStrings(Tags.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        dataset.put(Tags.Rows, Vr.US, unsignedShort(rows));
        dataset.put(Tags.Columns, Vr.US, unsignedShort(columns));
        dataset.put(Tags.BitsAllocated, Vr.US, unsignedShort(8));
        dataset.put(Tags.BitsStored, Vr.US, unsignedShort(8));
        dataset.put(Tags.HighBit, Vr.US, unsignedShort(7));
        dataset.put(Tags.PixelRepresentation, Vr.US, unsignedShort(0));
        return dataset;
    }

    private static void write(Dataset dataset, OutputStream out, BulkDataSource bulk) {
        try {
            TransferSyntax syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            new DicomWriter(out, bulk, syntax).write(new Dataset(), dataset, syntax);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Value unsignedShort(int value) {
        return new Value.Bytes(new byte[]{(byte) value, (byte) (value >>> 8)});
    }

    /** A multipart/related body: OHIF's layout (leading CRLF, quoted boundary), one part per entry. */
    public static final class Multipart {
        public final String boundary = "tessera-" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public Multipart part(String contentType, byte[] content) {
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Type: " + contentType + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(content);
            return this;
        }

        public Multipart dicom(byte[] content) {
            return part("application/dicom", content);
        }

        public String contentType() {
            return "multipart/related; type=\"application/dicom\"; boundary=\"" + boundary + "\"";
        }

        public byte[] bytes() {
            ByteArrayOutputStream closed = new ByteArrayOutputStream();
            closed.writeBytes(body.toByteArray());
            closed.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return closed.toByteArray();
        }

        /** The body cut off in the middle of its last part, without a closing delimiter. */
        public byte[] truncated(int dropLastBytes) {
            byte[] all = body.toByteArray();
            return Arrays.copyOf(all, all.length - dropLastBytes);
        }
    }

    /** {@code length} zero bytes. */
    private static final class ZeroInputStream extends InputStream {
        private long remaining;

        ZeroInputStream(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            Arrays.fill(buffer, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
