package io.tessera.render;

/**
 * The {@code viewport} parameter of PS3.18 8.3.5.1.3: the rendered image's size ({@code vw,vh}), and optionally
 * the source region to render ({@code sx,sy,sw,sh}, in pixels of the frame). The region is scaled to fit the
 * viewport keeping its aspect ratio, so one side may come out smaller than asked.
 */
public record Viewport(int width, int height, Region region) {

    /** A source rectangle. */
    public record Region(int x, int y, int width, int height) {
    }

    public Viewport {
        if (width < 1 || height < 1 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("viewport width and height must be between 1 and 8192");
        }
    }

    /** Parses {@code vw,vh[,sx,sy,sw,sh]}; IllegalArgumentException with a message when malformed. */
    public static Viewport parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 2 && parts.length != 6) {
            throw new IllegalArgumentException("viewport must be vw,vh or vw,vh,sx,sy,sw,sh: " + text);
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = (int) Math.round(Double.parseDouble(parts[i].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("viewport values must be numbers: " + text);
            }
        }
        Region region = null;
        if (parts.length == 6) {
            if (values[2] < 0 || values[3] < 0 || values[4] < 1 || values[5] < 1) {
                throw new IllegalArgumentException("viewport region must have sx,sy >= 0 and sw,sh >= 1: " + text);
            }
            region = new Region(values[2], values[3], values[4], values[5]);
        }
        return new Viewport(values[0], values[1], region);
    }

    /** The largest size that fits in {@code maxWidth x maxHeight} with the aspect of {@code width x height}. */
    public static int[] fit(int width, int height, int maxWidth, int maxHeight) {
        double scale = Math.min((double) maxWidth / width, (double) maxHeight / height);
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }
}
