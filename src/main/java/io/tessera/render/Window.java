package io.tessera.render;

import java.util.Locale;

/**
 * A VOI window (PS3.3 C.11.2.1.2): center, width and function, mapping modality values to display values
 * in {@code [0, 1]}. Also the {@code window=center,width,function} query parameter of PS3.18 8.3.5.1.2.
 */
public record Window(double center, double width, Function function) {

    /** VOI LUT Function (0028,1056). */
    public enum Function {
        LINEAR, LINEAR_EXACT, SIGMOID;

        /** The function named by (0028,1056) or the query parameter; LINEAR when absent or unknown. */
        public static Function of(String name) {
            if (name == null) {
                return LINEAR;
            }
            return switch (name.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
                case "LINEAR_EXACT" -> LINEAR_EXACT;
                case "SIGMOID" -> SIGMOID;
                default -> LINEAR;
            };
        }
    }

    public Window {
        if (!Double.isFinite(center) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("window center and width must be numbers");
        }
        if (width < (function == Function.LINEAR ? 1 : Double.MIN_VALUE)) {
            throw new IllegalArgumentException("window width must be at least 1 (greater than 0 for "
                    + "linear-exact and sigmoid)");
        }
    }

    /** Parses {@code center,width[,function]}; throws IllegalArgumentException with a message when malformed. */
    public static Window parse(String text) {
        String[] parts = text.split(",");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("window must be center,width[,function]: " + text);
        }
        Function function = Function.LINEAR;
        if (parts.length == 3) {
            String name = parts[2].trim().toLowerCase(Locale.ROOT);
            function = switch (name) {
                case "linear" -> Function.LINEAR;
                case "linear-exact", "linear_exact" -> Function.LINEAR_EXACT;
                case "sigmoid" -> Function.SIGMOID;
                default -> throw new IllegalArgumentException("unknown window function: " + parts[2].trim()
                        + " (linear, linear-exact or sigmoid)");
            };
        }
        try {
            return new Window(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()), function);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("window center and width must be numbers: " + text);
        }
    }

    /** The display value in [0, 1] of a modality value x (PS3.3 C.11.2.1.2.1, C.11.2.1.3.1 and .3.2). */
    public double apply(double x) {
        return switch (function) {
            case LINEAR -> {
                double c = center - 0.5;
                double w = width - 1;
                if (x <= c - w / 2) {
                    yield 0;
                }
                if (x > c + w / 2) {
                    yield 1;
                }
                yield (x - c) / w + 0.5;
            }
            case LINEAR_EXACT -> {
                if (x <= center - width / 2) {
                    yield 0;
                }
                if (x > center + width / 2) {
                    yield 1;
                }
                yield (x - center) / width + 0.5;
            }
            case SIGMOID -> 1 / (1 + Math.exp(-4 * (x - center) / width));
        };
    }
}
