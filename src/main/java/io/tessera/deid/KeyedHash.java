package io.tessera.deid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key. Each use (UIDs, dates, patients) gets its own key derived from the collection
 * secret, so that one derived value reveals nothing about the others.
 */
final class KeyedHash {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The hash keyed by HMAC(secret, purpose). */
    static KeyedHash derive(byte[] secret, String purpose) {
        return new KeyedHash(mac(new SecretKeySpec(secret, ALGORITHM), purpose));
    }

    byte[] digest(String text) {
        return mac(key, text);
    }

    String hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] mac(SecretKeySpec key, String text) {
        try {
            // Mac instances are not thread-safe; a fresh one per call costs about a microsecond.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
