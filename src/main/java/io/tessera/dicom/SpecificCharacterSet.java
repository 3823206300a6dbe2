package io.tessera.dicom;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes and encodes text values under a Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1.
 * STUB: replaced by the full implementation (single-byte sets, ISO 2022 extensions, UTF-8, GB18030, GBK).
 */
public final class SpecificCharacterSet {
    /** The default repertoire (ISO-IR 6); bytes above 0x7F are decoded as Latin-1 rather than rejected. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet();

    public static SpecificCharacterSet of(List<String> definedTerms) {
        return DEFAULT;
    }

    /** Decodes one element's value bytes (all values, backslashes kept). PN is decoded per component group. */
    public String decode(byte[] bytes, Vr vr) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Encodes text (backslashes kept) for an element of the given VR. */
    public byte[] encode(String text, Vr vr) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
