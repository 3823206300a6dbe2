package io.tessera.collections;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.DicomWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Tiny CT-like Part 10 instances with fresh UIDs, and the multipart/related body STOW-RS takes. */
final class GeneratedStudies {
    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private GeneratedStudies() {
    }

    static String newUid() {
        UUID uuid = UUID.randomUUID();
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    /** A 4x4 8-bit image of the given patient, study, series and modality. */
    static byte[] instance(String patientId, String study, String series, String sop, String modality) {
        Dataset dataset = new Dataset();
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, CT_IMAGE_STORAGE);
        dataset.putStrings(Tags.SOPInstanceUID, Vr.UI, sop);
        dataset.putStrings(Tags.StudyDate, Vr.DA, "20200401");
        dataset.putStrings(Tags.Modality, Vr.CS, modality);
        dataset.putStrings(Tags.PatientName, Vr.PN, "RICORD^" + patientId);
        dataset.putStrings(Tags.PatientID, Vr.LO, patientId);
        dataset.putStrings(Tags.StudyInstanceUID, Vr.UI, study);
        dataset.putStrings(Tags.SeriesInstanceUID, Vr.UI, series);
        dataset.putStrings(Tags.InstanceNumber, Vr.IS, "1");
        dataset.put(Tags.SamplesPerPixel, Vr.US, unsignedShort(1));
        dataset.putStrings(Tags.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        dataset.put(Tags.Rows, Vr.US, unsignedShort(4));
        dataset.put(Tags.Columns, Vr.US, unsignedShort(4));
        dataset.put(Tags.BitsAllocated, Vr.US, unsignedShort(8));
        dataset.put(Tags.BitsStored, Vr.US, unsignedShort(8));
        dataset.put(Tags.HighBit, Vr.US, unsignedShort(7));
        dataset.put(Tags.PixelRepresentation, Vr.US, unsignedShort(0));
        dataset.put(Tags.PixelData, Vr.OB, new Value.Bytes(new byte[16]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TransferSyntax syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            new DicomWriter(out, null, syntax).write(new Dataset(), dataset, syntax);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code multipart/related; type="application/dicom"} holding the instances. */
    static byte[] multipart(String boundary, List<byte[]> instances) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] instance : instances) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(instance);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static Value unsignedShort(int value) {
        return new Value.Bytes(new byte[]{(byte) value, (byte) (value >>> 8)});
    }
}
