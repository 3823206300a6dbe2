package io.tessera.deid;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UID replacement and date shifting: deterministic under one secret, unrelated under another. */
class KeyedReplacementTest {
    private static final byte[] SECRET = "collection-secret-one".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SECRET = "collection-secret-two".getBytes(StandardCharsets.UTF_8);

    @Test
    void uidsAreValidStableAndKeyed() {
        String original = "1.2.840.113619.2.55.3.604688119.969.1268071029.320";
        String replaced = UidRemapper.forSecret(SECRET).remap(original);
        assertTrue(replaced.matches("2\\.25\\.(0|[1-9][0-9]*)"), replaced);
        assertTrue(replaced.length() <= 64);
        assertEquals(replaced, UidRemapper.forSecret(SECRET).remap(original + " "));
        assertNotEquals(replaced, UidRemapper.forSecret(OTHER_SECRET).remap(original));
        assertNotEquals(replaced, UidRemapper.forSecret(SECRET).remap(original + "1"));
    }

    @Test
    void offsetsStayInRangeAndSpread() {
        DateShifter shifter = DateShifter.forSecret(SECRET);
        Set<Integer> seen = new HashSet<>();
        for (int patient = 0; patient < 1000; patient++) {
            int days = shifter.offsetDays("PID" + patient);
            assertTrue(days <= -1 && days >= -DateShifter.MAX_DAYS, "offset " + days);
            assertEquals(days, shifter.offsetDays("PID" + patient));
            seen.add(days);
        }
        assertTrue(seen.size() > 800, "offsets should spread: " + seen.size());
    }

    @Test
    void datesAndDateTimesShiftKeepingPrecisionTimeAndOffset() {
        assertEquals("20191231", DateShifter.shiftDate("20200101", -1));
        assertEquals("20200228", DateShifter.shiftDate("2020.03.01", -2));
        assertNull(DateShifter.shiftDate("PHI", -1));
        assertNull(DateShifter.shiftDate("20201345", -1));
        assertEquals("20191231235959.123+0100", DateShifter.shiftDateTime("20200101235959.123+0100", -1));
        assertEquals("201912", DateShifter.shiftDateTime("202001", -1));
        assertEquals("2019", DateShifter.shiftDateTime("2020", -1));
        assertNull(DateShifter.shiftDateTime("20A0", -1));
    }
}
