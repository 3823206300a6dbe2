package io.tessera.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Renders one decoded frame to an 8-bit image (PS3.18 8.3.5.1, PS3.3 C.11): grayscale through the Modality LUT
 * (rescale slope and intercept), then the VOI (the requested window, else the first Window Center/Width, else
 * the VOI LUT Sequence, else the frame's minimum and maximum), inverted for MONOCHROME1; RGB, YBR_FULL,
 * YBR_FULL_422 and PALETTE COLOR to RGB. Then the viewport: the source region scaled to fit, aspect kept.
 */
public final class Renderer {
    private Renderer() {
    }

    public static BufferedImage render(PixelModule m, NativeFrame frame, Window window, Viewport viewport) {
        BufferedImage image = m.photometric().equals("PALETTE COLOR") || !frame.photometric().startsWith("MONO")
                ? color(m, frame) : grayscale(m, frame, window);
        return viewport == null ? image : fit(image, viewport);
    }

    /** Stored values of a single-sample frame, masked to Bits Stored and sign-extended when signed. */
    static int[] storedValues(PixelModule m, byte[] bytes) {
        int count = m.rows() * m.columns();
        int[] values = new int[count];
        int bits = m.bitsAllocated();
        int shift = Math.max(0, m.highBit() - m.bitsStored() + 1);
        int stored = Math.min(m.bitsStored(), 32);
        long mask = stored >= 32 ? 0xFFFFFFFFL : (1L << stored) - 1;
        int samples = m.samplesPerPixel();
        for (int i = 0; i < count; i++) {
            long raw;
            int index = i * samples;
            if (bits == 1) {
                raw = index / 8 < bytes.length ? (bytes[index / 8] >> (index % 8)) & 1 : 0;
                values[i] = (int) raw;
                continue;
            } else if (bits <= 8) {
                raw = index < bytes.length ? bytes[index] & 0xFF : 0;
            } else if (bits <= 16) {
                int at = 2 * index;
                raw = at + 1 < bytes.length ? (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 : 0;
            } else {
                int at = 4 * index;
                raw = at + 3 < bytes.length ? (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8
                        | (bytes[at + 2] & 0xFFL) << 16 | (bytes[at + 3] & 0xFFL) << 24 : 0;
            }
            long v = (raw >>> shift) & mask;
            if (m.signed() && stored < 64 && (v & (1L << (stored - 1))) != 0) {
                v -= 1L << stored;
            }
            values[i] = (int) v;
        }
        return values;
    }

    private static BufferedImage grayscale(PixelModule m, NativeFrame frame, Window requested) {
        int[] values = storedValues(m, frame.bytes());
        double slope = m.rescaleSlope();
        double intercept = m.rescaleIntercept();
        Window window = requested != null ? requested : m.window();
        PixelModule.Lut lut = requested == null && window == null ? m.voiLut() : null;
        if (window == null && lut == null) {
            // No VOI: the frame's own range, so that something is seen.
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (int v : values) {
                double x = v * slope + intercept;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            window = new Window((min + max) / 2, Math.max(max - min, Double.MIN_NORMAL), Window.Function.LINEAR_EXACT);
        }
        boolean invert = m.photometric().equals("MONOCHROME1");
        BufferedImage image = new BufferedImage(m.columns(), m.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        double lutMax = lut == null ? 1 : (1 << Math.min(lut.bits(), 16)) - 1;
        for (int i = 0; i < values.length; i++) {
            double x = values[i] * slope + intercept;
            double display = lut != null ? Math.min(1, lut.lookup(x) / lutMax) : window.apply(x);
            int y = (int) Math.round(display * 255);
            out[i] = (byte) (invert ? 255 - y : y);
        }
        return image;
    }

    private static BufferedImage color(PixelModule m, NativeFrame frame) {
        int columns = m.columns();
        int rows = m.rows();
        int count = rows * columns;
        byte[] bytes = frame.bytes();
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        String photometric = frame.photometric();
        if (photometric.equals("PALETTE COLOR")) {
            PixelModule.Palette palette = m.palette();
            if (palette == null) {
                throw new CannotDecodeException("PALETTE COLOR without usable lookup tables (segmented palettes are"
                        + " not supported)");
            }
            int[] values = storedValues(m, bytes);
            for (int i = 0; i < count; i++) {
                out[i] = to8(palette.red(), values[i]) << 16 | to8(palette.green(), values[i]) << 8
                        | to8(palette.blue(), values[i]);
            }
            return image;
        }
        if (m.samplesPerPixel() != 3) {
            throw new CannotDecodeException(photometric + " with " + m.samplesPerPixel() + " samples per pixel");
        }
        int bytesPerSample = m.bitsAllocated() <= 8 ? 1 : m.bitsAllocated() / 8;
        int downShift = Math.max(0, Math.min(m.bitsStored(), 8 * bytesPerSample) - 8);
        boolean planar = frame.planarConfiguration() == 1;
        if (photometric.equals("YBR_FULL_422")) {
            // Native 4:2:2 (PS3.3 C.7.6.3.1.2): Y1 Y2 Cb Cr for each pair of pixels of a row.
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int pair = (r * columns + (c & ~1)) * 2;
                    int y = sample(bytes, pair + (c & 1), bytesPerSample, downShift);
                    int cb = sample(bytes, pair + 2, bytesPerSample, downShift);
                    int cr = sample(bytes, pair + 3, bytesPerSample, downShift);
                    out[r * columns + c] = YbrConversion.packedRgb(y, cb, cr);
                }
            }
            return image;
        }
        boolean ybr = photometric.startsWith("YBR");
        for (int i = 0; i < count; i++) {
            int a = sample(bytes, planar ? i : 3 * i, bytesPerSample, downShift);
            int b = sample(bytes, planar ? count + i : 3 * i + 1, bytesPerSample, downShift);
            int c = sample(bytes, planar ? 2 * count + i : 3 * i + 2, bytesPerSample, downShift);
            out[i] = ybr ? YbrConversion.packedRgb(a, b, c) : a << 16 | b << 8 | c;
        }
        return image;
    }

    private static int sample(byte[] bytes, int index, int bytesPerSample, int downShift) {
        int at = index * bytesPerSample;
        if (at + bytesPerSample > bytes.length) {
            return 0;
        }
        long v = 0;
        for (int b = 0; b < bytesPerSample; b++) {
            v |= (bytes[at + b] & 0xFFL) << (8 * b);
        }
        return (int) Math.min(255, v >>> downShift);
    }

    private static int to8(PixelModule.Lut lut, int value) {
        int v = lut.lookup(value);
        if (lut.bits() > 8) {
            return (v >> (lut.bits() - 8)) & 0xFF;
        }
        return v > 255 ? (v >> 8) & 0xFF : v; // 8-bit entries sometimes sit in the high byte of the OW words
    }

    /** The viewport's region of the image, scaled to fit its size with the aspect ratio kept. */
    static BufferedImage fit(BufferedImage image, Viewport viewport) {
        BufferedImage source = image;
        if (viewport.region() != null) {
            Viewport.Region r = viewport.region();
            int x = Math.min(r.x(), image.getWidth() - 1);
            int y = Math.min(r.y(), image.getHeight() - 1);
            int w = Math.min(r.width(), image.getWidth() - x);
            int h = Math.min(r.height(), image.getHeight() - y);
            source = image.getSubimage(x, y, w, h);
        }
        int[] size = Viewport.fit(source.getWidth(), source.getHeight(), viewport.width(), viewport.height());
        return scale(source, size[0], size[1]);
    }

    /** Bilinear scaling, halving first while shrinking by more than two so that no source pixel is skipped. */
    static BufferedImage scale(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current != image && current.getWidth() == width && current.getHeight() == height) {
            return current;
        }
        return draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage scaled = new BufferedImage(width, height, image.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
