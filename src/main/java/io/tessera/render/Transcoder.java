package io.tessera.render;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.BulkDataSource;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.DicomWriter;
import io.tessera.dicom.io.Frame;
import io.tessera.dicom.io.ReadOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * Transcoding to Explicit VR Little Endian (PS3.5 A.2): one frame ({@link #frame}) or a whole instance
 * ({@link #write}), streamed one decoded frame at a time. Compressed pixel data is decoded with
 * {@link FrameDecoder}; the attributes that describe the pixel data are updated to match (Photometric
 * Interpretation, e.g. YBR_FULL_422 becomes YBR_FULL once the JPEG is decoded, Planar Configuration 0, Lossy Image
 * Compression "01" for lossy sources). Native instances are re-encoded only (big-endian samples swapped).
 */
public final class Transcoder {
    public static final TransferSyntax TARGET = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final Set<String> LOSSY = Set.of(TransferSyntax.JPEG_BASELINE.uid(),
            TransferSyntax.JPEG_EXTENDED.uid(), TransferSyntax.JPEG_LS_NEAR_LOSSLESS.uid(), TransferSyntax.JPEG_2000.uid(),
            TransferSyntax.JPEG_2000_MC.uid());
    private static final Set<String> DCT_JPEG = Set.of(TransferSyntax.JPEG_BASELINE.uid(),
            TransferSyntax.JPEG_EXTENDED.uid());

    /** Frame {@code index} (0-based) of the instance being transcoded, already decoded ({@link #frame}). */
    @FunctionalInterface
    public interface FrameReader {
        byte[] read(int index) throws IOException;
    }

    private Transcoder() {
    }

    /**
     * Whether an instance or frame stored in this syntax can be transcoded to Explicit VR Little Endian. Deflated
     * instances cannot: their frames are not byte ranges of the stored object.
     */
    public static boolean canTranscode(String transferSyntaxUid) {
        return FrameDecoder.canDecode(transferSyntaxUid) && !TransferSyntax.of(transferSyntaxUid).deflated();
    }

    /**
     * Refuses, before anything is sent, what the syntax alone does not tell: DCT JPEG of more than 8 bits.
     *
     * @throws CannotDecodeException naming the syntax and the reason
     */
    public static void requireDecodable(PixelModule module, TransferSyntax syntax) {
        if (!canTranscode(syntax.uid())) {
            throw new CannotDecodeException("pixel data in " + syntax.name() + " (" + syntax.uid() + ") cannot be decoded");
        }
        if (DCT_JPEG.contains(syntax.uid()) && module.bitsStored() > 8) {
            throw new CannotDecodeException(module.bitsStored() + "-bit lossy JPEG (" + syntax.name()
                    + ") cannot be decoded: only 8-bit DCT JPEG is supported");
        }
    }

    /**
     * The native bytes of one stored frame (its fragments concatenated, or its native bytes), as a frame of
     * Explicit VR Little Endian. Their photometric interpretation is {@link #nativePhotometric}.
     */
    public static byte[] frame(PixelModule module, TransferSyntax storedSyntax, byte[] storedFrame) {
        byte[] decoded = FrameDecoder.decodeToNative(module, storedSyntax, storedFrame);
        if (decoded.length != module.nativeFrameLength()) {
            throw new CannotDecodeException("a frame decoded to " + decoded.length + " bytes where Rows, Columns,"
                    + " Samples per Pixel and Bits Allocated say " + module.nativeFrameLength());
        }
        return decoded;
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
     * Writes a stored instance as Explicit VR Little Endian Part 10, decoding its frames one at a time while
     * writing, so that no more than one frame is held.
     *
     * @param stored     the instance's file meta and data set (Pixel Data, if present, is ignored), with its syntax
     * @param frameCount the number of frames {@code frames} gives
     * @param frames     the decoded frames, asked for in order, each once, while the Pixel Data value is written
     * @param bulkData   the bytes of other {@link Value.BulkData} values of the data set
     * @throws CannotDecodeException when the pixel data cannot be decoded (before anything is written when the
     *                               syntax or pixel module tell; otherwise mid-stream)
     */
    public static void write(DicomFile stored, int frameCount, FrameReader frames, BulkDataSource bulkData,
                             OutputStream out) throws IOException {
        TransferSyntax syntax = stored.transferSyntax();
        PixelModule module = PixelModule.of(stored.dataset());
        requireDecodable(module, syntax);
        Dataset beforePixels = new Dataset();
        Dataset afterPixels = new Dataset();
        Dataset source = stored.dataset();
        for (int i = 0; i < source.size(); i++) {
            int tag = source.tagAt(i);
            if (tag == Tags.ExtendedOffsetTable || tag == Tags.ExtendedOffsetTableLengths || tag == Tags.PixelData) {
                continue; // the offset tables describe encapsulated fragments only (PS3.3 C.7.6.3)
            }
            (tag < Tags.PixelData ? beforePixels : afterPixels).put(tag, source.vrAt(i), source.valueAt(i));
        }
        beforePixels.putStrings(Tags.PhotometricInterpretation, Vr.CS, nativePhotometric(module, syntax));
        boolean decompressed = syntax.encapsulated()
                && !syntax.uid().equals(TransferSyntax.ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        if (module.samplesPerPixel() > 1 && decompressed) { // decoders give colour-by-pixel
            beforePixels.put(Tags.PlanarConfiguration, Vr.US, new Value.Bytes(new byte[] {0, 0}));
        }
        if (LOSSY.contains(syntax.uid())) {
            beforePixels.putStrings(Tags.LossyImageCompression, Vr.CS, "01");
        }
        new DicomWriter(out, bulkData, syntax).write(stored.fileMeta(), beforePixels, TARGET);
        if (frameCount > 0) {
            Dataset pixels = new Dataset();
            long length = (long) module.nativeFrameLength() * frameCount;
            pixels.put(Tags.PixelData, module.bitsAllocated() > 8 ? Vr.OW : Vr.OB, new Value.BulkData(0, length));
            BulkDataSource decoded = (offset, ignored) -> inSequence(frameCount, frames);
            new DicomWriter(out, decoded, TARGET).writeDataset(pixels, TARGET);
        }
        new DicomWriter(out, bulkData, syntax).writeDataset(afterPixels, TARGET);
    }

    /**
     * Writes the Part 10 instance {@code stored}, held in memory, as Explicit VR LE Part 10, pixel data decoded.
     *
     * @throws CannotDecodeException when the pixel data cannot be decoded or its frames cannot be located
     */
    public static void toExplicitVrLittleEndian(byte[] stored, OutputStream out) throws IOException {
        DicomFile file = new DicomReader(new ByteArrayInputStream(stored), ReadOptions.DEFAULTS.withStopAtPixelData(true))
                .read();
        List<Frame> frames = file.pixelData() == null ? List.of() : file.pixelData().frames();
        if (file.pixelData() != null && (frames.isEmpty() || !file.pixelData().offsetsInSource())) {
            throw new CannotDecodeException("the frames of this instance could not be located");
        }
        PixelModule module = PixelModule.of(file.dataset());
        write(file, frames.size(), index -> frame(module, file.transferSyntax(), bytesOf(stored, frames.get(index))),
                (offset, length) -> new ByteArrayInputStream(stored, Math.toIntExact(offset), Math.toIntExact(length)),
                out);
    }

    /** A frame's stored bytes: its fragments (or its native range) concatenated. */
    public static byte[] bytesOf(byte[] object, Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) frame.length());
        for (ByteRange range : frame.ranges()) {
            out.write(object, Math.toIntExact(range.offset()), Math.toIntExact(range.length()));
        }
        return out.toByteArray();
    }

    /** The frames one after the other, each read (decoded) only when the previous one has been consumed. */
    private static InputStream inSequence(int count, FrameReader frames) {
        return new SequenceInputStream(new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < count;
            }

            @Override
            public InputStream nextElement() {
                try {
                    return new ByteArrayInputStream(frames.read(next++));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
