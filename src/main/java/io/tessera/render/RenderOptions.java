package io.tessera.render;

/**
 * How to render a frame (PS3.18 8.3.5.1): the image format and quality, an explicit window replacing the
 * instance's VOI, and a viewport. {@code window} and {@code viewport} may be null.
 *
 * @param quality 1 to 100, for lossy formats (JPEG); ignored for PNG and GIF
 */
public record RenderOptions(ImageFormat format, int quality, Window window, Viewport viewport) {
    public static final int DEFAULT_QUALITY = 90;

    public RenderOptions {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be between 1 and 100");
        }
    }

    public static RenderOptions defaults(ImageFormat format) {
        return new RenderOptions(format, DEFAULT_QUALITY, null, null);
    }
}
