package io.tessera.dicom.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Test helper: compares two DICOM JSON documents (parsed by {@link JsonTree}) by meaning, not by text. Numbers
 * are compared as doubles with a relative tolerance that absorbs float32 printed by one side as a double by the
 * other; InlineBinary as decoded bytes; PN objects per component group (absent = empty). File meta (group 0002)
 * and group lengths are left out on both sides.
 */
final class JsonComparison {
    private static final double RELATIVE_TOLERANCE = 1e-7;

    /** One difference: {@code path} is the attribute path as in {@link AttributePath#toString()}. */
    record Difference(String path, String what) {
        @Override
        public String toString() {
            return path + ": " + what;
        }
    }

    private final List<Difference> differences = new ArrayList<>();

    private JsonComparison() {
    }

    static List<Difference> compare(Object expected, Object actual) {
        JsonComparison comparison = new JsonComparison();
        comparison.datasets("", asMap(expected), asMap(actual));
        return comparison.differences;
    }

    private void datasets(String prefix, Map<String, Object> expected, Map<String, Object> actual) {
        TreeSet<String> tags = new TreeSet<>(expected.keySet());
        tags.addAll(actual.keySet());
        for (String tag : tags) {
            if (tag.startsWith("0002") || tag.endsWith("0000")) {
                continue;
            }
            String path = prefix + tag;
            if (!actual.containsKey(tag)) {
                differences.add(new Difference(path, "missing, expected " + expected.get(tag)));
            } else if (!expected.containsKey(tag)) {
                differences.add(new Difference(path, "unexpected " + abbreviate(actual.get(tag))));
            } else {
                attribute(path, asMap(expected.get(tag)), asMap(actual.get(tag)));
            }
        }
    }

    private void attribute(String path, Map<String, Object> expected, Map<String, Object> actual) {
        Object expectedVr = expected.get("vr");
        if (!Objects.equals(expectedVr, actual.get("vr"))) {
            differences.add(new Difference(path, "vr " + expectedVr + " expected, got " + actual.get("vr")));
            return;
        }
        if (!Objects.equals(expected.keySet(), actual.keySet())) {
            differences.add(new Difference(path, "members " + expected.keySet() + " expected, got " + actual.keySet()
                    + " (" + abbreviate(expected) + " vs " + abbreviate(actual) + ")"));
            return;
        }
        if (expected.containsKey("InlineBinary")) {
            byte[] want = Base64.getDecoder().decode((String) expected.get("InlineBinary"));
            byte[] got = Base64.getDecoder().decode((String) actual.get("InlineBinary"));
            if (!Arrays.equals(want, got)) {
                differences.add(new Difference(path, "InlineBinary differs: " + want.length + " bytes expected, got "
                        + got.length + (isByteSwapped(want, got) ? ", equal after swapping byte order" : "")));
            }
        }
        if (expected.containsKey("Value")) {
            values(path, (String) expectedVr, (List<?>) expected.get("Value"), (List<?>) actual.get("Value"));
        }
    }

    private void values(String path, String vr, List<?> expected, List<?> actual) {
        if (expected.size() != actual.size()) {
            differences.add(new Difference(path, expected.size() + " values expected, got " + actual.size() + ": "
                    + abbreviate(expected) + " vs " + abbreviate(actual)));
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            if ("SQ".equals(vr)) {
                datasets(path + "/" + i + "/", asMap(expected.get(i)), asMap(actual.get(i)));
            } else if (!sameValue(vr, expected.get(i), actual.get(i))) {
                differences.add(new Difference(path, "value " + i + ": " + describe(expected.get(i)) + " expected, got "
                        + describe(actual.get(i))));
            }
        }
    }

    private static boolean sameValue(String vr, Object expected, Object actual) {
        if ("FL".equals(vr) && expected instanceof BigDecimal want && actual instanceof BigDecimal got) {
            // A float32 printed as the shortest float text (1.4E-45) or as a double (1.401298464324817E-45).
            return want.floatValue() == got.floatValue();
        }
        if (expected instanceof BigDecimal want && actual instanceof BigDecimal got) {
            double a = want.doubleValue();
            double b = got.doubleValue();
            return a == b || Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
        }
        if (expected instanceof Map<?, ?> want && actual instanceof Map<?, ?> got) {
            return PersonName.GROUPS.stream().allMatch(group ->
                    Objects.equals(Objects.requireNonNullElse(want.get(group), ""), Objects.requireNonNullElse(got.get(group), "")));
        }
        return Objects.equals(expected, actual);
    }

    /** True if {@code b} is {@code a} with every 2-, 4- or 8-byte word reversed (big- vs little-endian). */
    private static boolean isByteSwapped(byte[] a, byte[] b) {
        for (int width = 2; width <= 8; width *= 2) {
            boolean swapped = a.length == b.length && a.length % width == 0;
            for (int i = 0; swapped && i < a.length; i++) {
                swapped = a[i] == b[i - i % width + width - 1 - i % width];
            }
            if (swapped) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
