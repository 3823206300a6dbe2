package io.tessera.render;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.DicomWriter;
import io.tessera.dicom.io.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Transcoding to Explicit VR Little Endian (PS3.5 A.2): one frame ({@link #frame}) or a whole instance
 * ({@link #toExplicitVrLittleEndian}). Compressed pixel data is decoded with {@link FrameDecoder}; the attributes
 * that describe the pixel data are updated to match (Photometric Interpretation, e.g. YBR_FULL_422 becomes
 * YBR_FULL once the JPEG is decoded, and Planar Configuration 0). Native instances are re-encoded only.
 */
public final class Transcoder {
    public static final TransferSyntax TARGET = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    private Transcoder() {
    }

    /** Whether an instance or frame stored in this syntax can be transcoded to Explicit VR Little Endian. */
    public static boolean canTranscode(String transferSyntaxUid) {
        return FrameDecoder.canDecode(transferSyntaxUid);
    }

    /**
     * The native bytes of one stored frame (its fragments concatenated, or its native bytes), as a frame of
     * Explicit VR Little Endian. Their photometric interpretation is {@link #nativePhotometric}.
     */
    public static byte[] frame(PixelModule module, TransferSyntax storedSyntax, byte[] storedFrame) {
        return FrameDecoder.decodeToNative(module, storedSyntax, storedFrame);
    }

    /** The Photometric Interpretation of decoded frames of {@code module} stored in {@code syntax}. */
    public static String nativePhotometric(PixelModule module, TransferSyntax syntax) {
        String photometric = module.photometric();
        String uid = syntax.uid();
        if (uid.startsWith("1.2.840.10008.1.2.4.5") || uid.startsWith("1.2.840.10008.1.2.4.7")) {
            return photometric.startsWith("YBR") && module.samplesPerPixel() == 3 ? "YBR_FULL" : photometric;
        }
        if (uid.startsWith("1.2.840.10008.1.2.4.9")
                && (photometric.equals("YBR_ICT") || photometric.equals("YBR_RCT"))) {
            return "RGB";
        }
        return photometric;
    }

    /**
     * Writes the Part 10 instance {@code stored} as Explicit VR Little Endian Part 10, pixel data decoded.
     *
     * @throws CannotDecodeException when the pixel data cannot be decoded or its frames cannot be located
     */
    public static void toExplicitVrLittleEndian(byte[] stored, OutputStream out) throws IOException {
        DicomFile file = new DicomReader(new ByteArrayInputStream(stored)).read();
        Dataset dataset = file.dataset();
        TransferSyntax syntax = file.transferSyntax();
        if (syntax.encapsulated() && file.pixelData() != null) {
            PixelModule module = PixelModule.of(dataset);
            List<Frame> frames = file.pixelData().frames();
            if (frames.isEmpty() || !file.pixelData().offsetsInSource()) {
                throw new CannotDecodeException("the frames of this instance could not be located");
            }
            ByteArrayOutputStream pixels = new ByteArrayOutputStream(module.nativeFrameLength() * frames.size());
            NativeFrame last = null;
            for (Frame frame : frames) {
                last = FrameDecoder.decode(module, syntax, bytesOf(stored, frame));
                pixels.write(last.bytes());
            }
            if (pixels.size() % 2 == 1) {
                pixels.write(0);
            }
            dataset.put(Tags.PixelData, module.bitsAllocated() > 8 ? Vr.OW : Vr.OB,
                    new Value.Bytes(pixels.toByteArray()));
            dataset.putStrings(Tags.PhotometricInterpretation, Vr.CS, last.photometric());
            if (module.samplesPerPixel() > 1) {
                dataset.put(Tags.PlanarConfiguration, Vr.US, new Value.Bytes(new byte[] {0, 0}));
            }
        }
        new DicomWriter(out).write(file.fileMeta(), dataset, TARGET);
    }

    /** A frame's stored bytes: its fragments (or its native range) concatenated. */
    public static byte[] bytesOf(byte[] object, Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) frame.length());
        for (ByteRange range : frame.ranges()) {
            out.write(object, Math.toIntExact(range.offset()), Math.toIntExact(range.length()));
        }
        return out.toByteArray();
    }
}
