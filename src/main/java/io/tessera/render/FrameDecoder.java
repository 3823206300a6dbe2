package io.tessera.render;

import io.tessera.dicom.TransferSyntax;
import java.util.Set;

/**
 * Turns the stored bytes of one frame into native pixel data (Explicit VR Little Endian's form). Native syntaxes
 * are passed through (big-endian ones swapped); RLE Lossless is decoded here (PS3.5 Annex G); JPEG baseline,
 * extended (8-bit), lossless (process 14, SV1 and others) and JPEG 2000 through Java Image I/O. Anything else,
 * JPEG-LS and 12-bit JPEG extended among them, is a {@link CannotDecodeException} naming the syntax.
 */
public final class FrameDecoder {
    private static final Set<String> JPEG = Set.of(TransferSyntax.JPEG_BASELINE.uid(),
            TransferSyntax.JPEG_EXTENDED.uid(), TransferSyntax.JPEG_LOSSLESS.uid(), TransferSyntax.JPEG_LOSSLESS_SV1.uid());
    private static final Set<String> JPEG_2000 = Set.of(TransferSyntax.JPEG_2000_LOSSLESS.uid(),
            TransferSyntax.JPEG_2000.uid(), TransferSyntax.JPEG_2000_MC_LOSSLESS.uid(), TransferSyntax.JPEG_2000_MC.uid());

    private FrameDecoder() {
    }

    /** Whether frames in this syntax can be decoded (some may still fail, e.g. 12-bit JPEG). */
    public static boolean canDecode(String transferSyntaxUid) {
        TransferSyntax syntax = TransferSyntax.of(transferSyntaxUid);
        return !syntax.encapsulated() || isEncapsulatedNative(syntax) || JPEG.contains(syntax.uid())
                || JPEG_2000.contains(syntax.uid()) || syntax.uid().equals(TransferSyntax.RLE_LOSSLESS.uid());
    }

    /** The native bytes of one frame (little-endian, color-by-pixel when decoded from a compressed syntax). */
    public static byte[] decodeToNative(PixelModule module, TransferSyntax syntax, byte[] frame) {
        return decode(module, syntax, frame).bytes();
    }

    /** One frame decoded to native pixel data, with the photometric interpretation and planar configuration it has. */
    public static NativeFrame decode(PixelModule module, TransferSyntax syntax, byte[] frame) {
        if (module.rows() <= 0 || module.columns() <= 0 || module.samplesPerPixel() <= 0) {
            throw new CannotDecodeException("the data set has no usable Rows, Columns or Samples per Pixel");
        }
        if (!syntax.encapsulated() || isEncapsulatedNative(syntax)) {
            byte[] bytes = frame;
            int unit = module.bitsAllocated() / 8;
            if (syntax.bigEndian() && unit > 1) {
                bytes = frame.clone();
                for (int i = 0; i + unit <= bytes.length; i += unit) {
                    for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                        byte t = bytes[a];
                        bytes[a] = bytes[b];
                        bytes[b] = t;
                    }
                }
            }
            return new NativeFrame(bytes, module.photometric(), module.planarConfiguration());
        }
        String uid = syntax.uid();
        if (uid.equals(TransferSyntax.RLE_LOSSLESS.uid())) {
            return new NativeFrame(RleDecoder.decode(frame, module.rows(), module.columns(),
                    module.samplesPerPixel(), module.bitsAllocated()), module.photometric(), 0);
        }
        if (JPEG.contains(uid)) {
            if (module.bitsStored() > 8 && !JpegMarkers.isLossless(frame)) {
                throw new CannotDecodeException(module.bitsStored() + "-bit lossy JPEG (" + syntax.name()
                        + ") cannot be decoded: only 8-bit DCT JPEG is supported");
            }
            return ImageIoDecoder.jpeg(frame, module);
        }
        if (JPEG_2000.contains(uid)) {
            return ImageIoDecoder.jpeg2000(frame, module);
        }
        throw new CannotDecodeException("pixel data in " + syntax.name() + " (" + uid + ") cannot be decoded");
    }

    private static boolean isEncapsulatedNative(TransferSyntax syntax) {
        return syntax.uid().equals(TransferSyntax.ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
    }
}
