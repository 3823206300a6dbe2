package io.tessera.index;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a clinical column holds, inferred at import (docs/clinical.md): numbers and dates can be compared with
 * {@code < <= > >=}, categories and text only matched with {@code =}.
 */
public enum ClinicalColumnType {
    NUMBER, DATE, CATEGORY, TEXT;

    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** Whether values have an order, so that {@code <}, {@code >} and ranges apply. */
    public boolean ordered() {
        return this == NUMBER || this == DATE;
    }

    /** Lower case, as JSON and error messages show it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The number written as {@code value} (decimal, optional exponent), or null when it is not one. */
    public static Double number(String value) {
        String text = value.strip();
        return NUMBER_TEXT.matcher(text).matches() ? Double.valueOf(text) : null;
    }

    /** The ISO date ({@code YYYY-MM-DD}) written as {@code value}, or null when it is not one. */
    public static LocalDate date(String value) {
        String text = value.strip();
        if (!ISO_DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /** What comparisons use: the number itself, or a date's epoch day; null for categories and text. */
    public Double comparable(String value) {
        return switch (this) {
            case NUMBER -> number(value);
            case DATE -> {
                LocalDate date = date(value);
                yield date == null ? null : (double) date.toEpochDay();
            }
            default -> null;
        };
    }
}
