package io.tessera.deid;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Replaces UIDs by "2.25." and the decimal of a keyed hash of the original (HMAC-SHA256 truncated to 128
 * bits, PS3.5 B.2): the same original gives the same replacement in every instance and every run of a
 * collection, so references between instances stay intact, while the original cannot be recovered or
 * confirmed without the collection's secret.
 */
public final class UidRemapper {
    private static final int UID_BITS = 128;

    private final KeyedHash hash;

    UidRemapper(KeyedHash hash) {
        this.hash = hash;
    }

    /** A remapper keyed by {@code collectionSecret}. */
    public static UidRemapper forSecret(byte[] collectionSecret) {
        return new UidRemapper(KeyedHash.derive(collectionSecret, "tessera-deid-uid"));
    }

    /** The replacement of {@code uid}; an empty UID stays empty. */
    public String remap(String uid) {
        String original = uid.strip();
        if (original.isEmpty()) {
            return original;
        }
        byte[] truncated = Arrays.copyOf(hash.digest(original), UID_BITS / 8);
        return "2.25." + new BigInteger(1, truncated);
    }
}
