package io.tessera.render;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * JPEG (baseline, extended 8-bit, lossless via TwelveMonkeys) and JPEG 2000 (jai-imageio) frames, decoded with
 * Java Image I/O to raw component values: no colour conversion, except where the stored Photometric
 * Interpretation says RGB but the JPEG stream is YCbCr-coded (as libjpeg decides: JFIF, Adobe transform 1, or
 * component ids other than R, G, B), which is converted to RGB, as pydicom and dcmtk do.
 */
final class ImageIoDecoder {
    private static final String TWELVEMONKEYS_JPEG = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi";
    private static final J2KImageReaderSpi J2K = new J2KImageReaderSpi();

    static {
        // Registered explicitly: ImageIO's class-path scan depends on the context class loader of its first caller.
        try {
            Object spi = Class.forName(TWELVEMONKEYS_JPEG).getDeclaredConstructor().newInstance();
            IIORegistry.getDefaultInstance().registerServiceProvider(spi);
        } catch (ReflectiveOperationException | LinkageError absent) {
            // the JDK's reader still does baseline and 8-bit extended JPEG
        }
    }

    private ImageIoDecoder() {
    }

    static NativeFrame jpeg(byte[] data, PixelModule m) {
        ImageReader reader = jpegReader();
        try {
            boolean lossless = JpegMarkers.isLossless(data);
            Raster raster;
            try {
                raster = lossless ? read(reader, data).getRaster() : readRaster(reader, data);
            } catch (IOException | RuntimeException malformed) {
                byte[] cleaned = JpegMarkers.withoutAppSegments(data);
                raster = lossless ? read(reader, cleaned).getRaster() : readRaster(reader, cleaned);
            }
            String photometric = m.photometric();
            boolean convert = false;
            if (raster.getNumBands() == 3 && !lossless) {
                if (photometric.startsWith("YBR")) {
                    photometric = "YBR_FULL";
                } else if (photometric.equals("RGB")) {
                    convert = JpegMarkers.isYCbCrCoded(data);
                }
            }
            return new NativeFrame(toNative(raster, m, convert), photometric, 0);
        } catch (IOException | RuntimeException e) {
            throw new CannotDecodeException("cannot decode JPEG frame: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    static NativeFrame jpeg2000(byte[] data, PixelModule m) {
        ImageReader reader;
        try {
            reader = J2K.createReaderInstance();
        } catch (IOException e) {
            throw new CannotDecodeException("no JPEG 2000 reader", e);
        }
        try {
            Raster raster = read(reader, data).getRaster();
            String photometric = m.photometric();
            if (raster.getNumBands() == 3 && (photometric.equals("YBR_ICT") || photometric.equals("YBR_RCT"))) {
                photometric = "RGB"; // the decoder applies the inverse component transform
            }
            return new NativeFrame(toNative(raster, m, false), photometric, 0);
        } catch (IOException | RuntimeException e) {
            throw new CannotDecodeException("cannot decode JPEG 2000 frame: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader jpegReader() {
        ImageReader fallback = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader reader = it.next();
            if (reader.getClass().getName().startsWith("com.twelvemonkeys")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return reader;
            }
            if (fallback == null) {
                fallback = reader;
            } else {
                reader.dispose();
            }
        }
        if (fallback == null) {
            throw new CannotDecodeException("no JPEG reader available");
        }
        return fallback;
    }

    private static BufferedImage read(ImageReader reader, byte[] data) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        }
    }

    private static Raster readRaster(ImageReader reader, byte[] data) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            if (reader.canReadRaster()) {
                return reader.readRaster(0, null);
            }
            return reader.read(0).getRaster();
        }
    }

    /** The raster's samples as native little-endian bytes of the module's layout, color-by-pixel. */
    private static byte[] toNative(Raster raster, PixelModule m, boolean yCbCrToRgb) {
        int rows = m.rows();
        int columns = m.columns();
        int samples = m.samplesPerPixel();
        int bytesPerSample = m.bitsAllocated() <= 8 ? 1 : m.bitsAllocated() / 8;
        if (raster.getWidth() < columns || raster.getHeight() < rows || raster.getNumBands() < samples) {
            throw new CannotDecodeException("decoded image is " + raster.getWidth() + "x" + raster.getHeight()
                    + " with " + raster.getNumBands() + " components; the data set says " + columns + "x" + rows
                    + " with " + samples);
        }
        byte[] out = new byte[rows * columns * samples * bytesPerSample];
        int[] line = new int[columns * raster.getNumBands()];
        int bands = raster.getNumBands();
        // Decoders give signed samples as read from the codestream, which may say unsigned (or be lossless JPEG's
        // bit patterns): the data set's Pixel Representation and Bits Stored decide, as pydicom and dcmtk do.
        int stored = Math.min(m.bitsStored(), 8 * bytesPerSample);
        boolean signExtend = m.signed() && stored < 32;
        int at = 0;
        for (int y = 0; y < rows; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, columns, 1, line);
            for (int x = 0; x < columns; x++) {
                int base = x * bands;
                if (yCbCrToRgb && samples == 3) {
                    int[] rgb = YbrConversion.toRgb(line[base], line[base + 1], line[base + 2]);
                    for (int s = 0; s < 3; s++) {
                        out[at++] = (byte) rgb[s];
                    }
                    continue;
                }
                for (int s = 0; s < samples; s++) {
                    int v = line[base + s];
                    if (signExtend) {
                        v &= (int) ((1L << stored) - 1);
                        if ((v & (1 << (stored - 1))) != 0) {
                            v -= 1 << stored;
                        }
                    }
                    for (int b = 0; b < bytesPerSample; b++) {
                        out[at++] = (byte) (v >> (8 * b));
                    }
                }
            }
        }
        return out;
    }
}
