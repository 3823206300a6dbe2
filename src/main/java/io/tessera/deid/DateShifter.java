package io.tessera.deid;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Shifts dates for the Retain Longitudinal Temporal Information with Modified Dates Option (113107): every
 * DA and DT of one patient moves back by the same number of days, between 1 and {@value #MAX_DAYS}, drawn
 * from a keyed hash of the original Patient ID. Intervals between a patient's studies survive; times of day
 * are kept.
 */
public final class DateShifter {
    public static final int MAX_DAYS = 3650;

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final KeyedHash hash;

    DateShifter(KeyedHash hash) {
        this.hash = hash;
    }

    public static DateShifter forSecret(byte[] collectionSecret) {
        return new DateShifter(KeyedHash.derive(collectionSecret, "tessera-deid-date"));
    }

    /** The shift for a patient, in days: from -1 to -{@value #MAX_DAYS}. */
    public int offsetDays(String originalPatientId) {
        long draw = ByteBuffer.wrap(hash.digest(originalPatientId.strip())).getLong();
        return -(1 + (int) Math.floorMod(draw, (long) MAX_DAYS));
    }

    /**
     * A DA value moved by {@code days}; also accepts the ACR-NEMA form "YYYY.MM.DD". Null when the value is
     * not a date, so that the caller removes what it cannot shift rather than keep it.
     */
    public static String shiftDate(String date, int days) {
        String digits = date.strip().replace(".", "");
        if (digits.length() != 8) {
            return null;
        }
        try {
            return LocalDate.parse(digits, DA).plusDays(days).format(DA);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /**
     * A DT value ("YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]") moved by {@code days}, keeping its precision, time and
     * offset: a value precise to the month or year is shifted as its first day and cut back. Null when invalid.
     */
    public static String shiftDateTime(String dateTime, int days) {
        String value = dateTime.strip();
        int dateDigits = 0;
        while (dateDigits < Math.min(8, value.length()) && Character.isDigit(value.charAt(dateDigits))) {
            dateDigits++;
        }
        if (dateDigits != 4 && dateDigits != 6 && dateDigits != 8) {
            return null;
        }
        String padded = value.substring(0, dateDigits) + "0101".substring(dateDigits - 4);
        String shifted = shiftDate(padded, days);
        return shifted == null ? null : shifted.substring(0, dateDigits) + value.substring(dateDigits);
    }
}
