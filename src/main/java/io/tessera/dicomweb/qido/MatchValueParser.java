package io.tessera.dicomweb.qido;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.qido.IndexedAttribute;
import io.tessera.index.qido.MatchCondition;
import jakarta.ws.rs.core.Response.Status;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the value of one matching key into a {@link MatchCondition}, following PS3.4 C.2.2.2 with the VR of the
 * attribute deciding which kinds of matching apply. Invalid values are refused with 400 before any query runs.
 */
final class MatchValueParser {
    /** UI and CS keys take lists: PS3.18 8.3.4.1 separates UIDs with commas, DICOM itself with backslashes. */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\\\]");
    /** Words of a person name for fuzzy matching: components (^), groups (=), spaces and commas split them. */
    private static final Pattern NAME_WORD_SEPARATOR = Pattern.compile("[\\s^=,]+");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3])([0-5][0-9]([0-5][0-9](\\.[0-9]{1,6})?)?)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,9}");

    private MatchValueParser() {
    }

    /**
     * The condition for {@code key=value}, or null for Universal Matching (C.2.2.2.3: an empty value; C.2.2.2.4:
     * a lone "*" matches everything too). Trailing and leading spaces are not significant.
     */
    static MatchCondition parse(IndexedAttribute attribute, String key, String rawValue, boolean fuzzy) {
        String value = rawValue.strip();
        if (value.isEmpty() || value.equals("*")) {
            return null;
        }
        return switch (attribute.vr()) {
            case UI -> uidList(attribute, key, value);
            case DA -> date(attribute, key, value);
            case TM -> time(attribute, key, value);
            case IS -> integer(attribute, key, value);
            case PN -> personName(attribute, value, fuzzy);
            case CS -> hasWildcard(value) ? new MatchCondition.Wildcard(attribute, value) : codeList(attribute, value);
            default -> hasWildcard(value)
                    ? new MatchCondition.Wildcard(attribute, value)
                    : new MatchCondition.SingleValue(attribute, value);
        };
    }

    private static MatchCondition uidList(IndexedAttribute attribute, String key, String value) {
        List<String> uids = split(value);
        uids.forEach(uid -> Uids.require(uid, key));
        return uids.size() == 1
                ? new MatchCondition.SingleValue(attribute, uids.get(0))
                : new MatchCondition.AnyOf(attribute, uids);
    }

    private static MatchCondition codeList(IndexedAttribute attribute, String value) {
        List<String> codes = split(value);
        return codes.size() == 1
                ? new MatchCondition.SingleValue(attribute, codes.get(0))
                : new MatchCondition.AnyOf(attribute, codes);
    }

    private static List<String> split(String value) {
        return Arrays.stream(LIST_SEPARATOR.split(value)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** YYYYMMDD, or a range a-b, a-, -b (C.2.2.2.5.1); dates are compared as the YYYYMMDD strings stored. */
    private static MatchCondition date(IndexedAttribute attribute, String key, String value) {
        int dash = value.indexOf('-');
        if (dash < 0) {
            return new MatchCondition.SingleValue(attribute, requireDate(key, value));
        }
        String lower = value.substring(0, dash);
        String upper = value.substring(dash + 1);
        if (lower.isEmpty() && upper.isEmpty()) {
            throw invalid(key, value, "a date range needs at least one end (YYYYMMDD-YYYYMMDD)");
        }
        return new MatchCondition.Range(attribute,
                lower.isEmpty() ? null : requireDate(key, lower),
                upper.isEmpty() ? null : requireDate(key, upper));
    }

    private static String requireDate(String key, String date) {
        try {
            LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE);
            return date;
        } catch (DateTimeParseException notADate) {
            throw invalid(key, date, "expected a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
        }
    }

    /**
     * HH[MM[SS[.F]]] or a range. A time given to a coarser precision stands for the whole interval it names
     * (C.2.2.2.5.1), so "1030" matches 10:30:00 to 10:30:59.999999: the lower bound is padded with zeros and the
     * upper with nines, which keeps string comparison with stored HHMMSS.FFFFFF values correct.
     */
    private static MatchCondition time(IndexedAttribute attribute, String key, String value) {
        int dash = value.indexOf('-');
        String lower = dash < 0 ? value : value.substring(0, dash);
        String upper = dash < 0 ? value : value.substring(dash + 1);
        if (lower.isEmpty() && upper.isEmpty()) {
            throw invalid(key, value, "a time range needs at least one end (HHMMSS-HHMMSS)");
        }
        return new MatchCondition.Range(attribute,
                lower.isEmpty() ? null : widenTime(requireTime(key, lower), '0'),
                upper.isEmpty() ? null : widenTime(requireTime(key, upper), '9'));
    }

    private static String requireTime(String key, String time) {
        if (!TIME.matcher(time).matches()) {
            throw invalid(key, time, "expected a time HHMMSS[.FFFFFF] or a range of times");
        }
        return time;
    }

    private static String widenTime(String time, char fill) {
        StringBuilder widened = new StringBuilder(time);
        // Minutes and seconds run to 59, fractions to .999999.
        while (widened.length() < 6) {
            widened.append(fill == '0' ? '0' : widened.length() % 2 == 0 ? '5' : '9');
        }
        if (fill == '9') {
            if (widened.length() == 6) {
                widened.append('.');
            }
            while (widened.length() < 13) {
                widened.append('9');
            }
        }
        return widened.toString();
    }

    /** IS keys take a single integer; how "+7" and "007" match is ours to say (CP-2305): numerically. */
    private static MatchCondition integer(IndexedAttribute attribute, String key, String value) {
        if (!INTEGER.matcher(value).matches()) {
            throw invalid(key, value, "expected an integer");
        }
        return new MatchCondition.SingleValue(attribute, Integer.toString(Integer.parseInt(value)));
    }

    /**
     * PN matching ignores case (the index keeps an upper-case copy of each name). Fuzzy matching applies to a
     * value without wildcards: each word must begin some word of the name.
     */
    private static MatchCondition personName(IndexedAttribute attribute, String value, boolean fuzzy) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (hasWildcard(upper)) {
            return new MatchCondition.Wildcard(attribute, upper);
        }
        if (fuzzy) {
            List<String> words = Arrays.stream(NAME_WORD_SEPARATOR.split(upper)).filter(w -> !w.isEmpty()).toList();
            return words.isEmpty() ? null : new MatchCondition.FuzzyName(attribute, words);
        }
        return new MatchCondition.SingleValue(attribute, upper);
    }

    private static boolean hasWildcard(String value) {
        return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
    }

    private static DicomWebException invalid(String key, String value, String expected) {
        return new DicomWebException(Status.BAD_REQUEST, "Invalid value '" + value + "' for " + key + ": " + expected);
    }
}
