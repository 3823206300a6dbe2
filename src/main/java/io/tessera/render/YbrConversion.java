package io.tessera.render;

/** YCbCr (full range, PS3.3 C.7.6.3.1.2 YBR_FULL) to RGB, 8-bit, rounded and clamped. */
final class YbrConversion {
    private YbrConversion() {
    }

    static int[] toRgb(int y, int cb, int cr) {
        double r = y + 1.402 * (cr - 128);
        double g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
        double b = y + 1.772 * (cb - 128);
        return new int[] {clamp(r), clamp(g), clamp(b)};
    }

    static int packedRgb(int y, int cb, int cr) {
        int[] rgb = toRgb(y, cb, cr);
        return rgb[0] << 16 | rgb[1] << 8 | rgb[2];
    }

    private static int clamp(double v) {
        long rounded = Math.round(v);
        return (int) Math.max(0, Math.min(255, rounded));
    }
}
