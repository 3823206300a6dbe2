package io.tessera.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Decodes and encodes text values under a Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1.
 *
 * <p>Three families: the single-byte sets (ISO 8859 parts, TIS 620, JIS X 0201), the ISO 2022 code extensions
 * (escape sequences designating single-byte sets or JIS X 0208, JIS X 0212, KS X 1001, GB 2312 into G0 or G1),
 * and the stand-alone multi-byte sets (UTF-8, GB18030, GBK) that allow no code extensions. Only SH, LO, ST, LT,
 * PN, UC and UT use the specific character set; other VRs are the default repertoire.
 *
 * <p>Decoding never throws: unknown defined terms fall back to the default repertoire, bytes above 0x7F with no
 * G1 set are read as Latin-1 (as pydicom does), and malformed multi-byte sequences become U+FFFD. Encoding is
 * strict and throws {@link IllegalArgumentException} for characters the defined terms cannot represent.
 * Instances are immutable and thread-safe.
 */
public final class SpecificCharacterSet {
    private static final byte ESC = 0x1B;
    private static final int MAX_CACHED = 64;
    private static final ConcurrentMap<List<String>, SpecificCharacterSet> CACHE = new ConcurrentHashMap<>();

    /** The default repertoire (ISO-IR 6); bytes above 0x7F are decoded as Latin-1 rather than rejected. */
    public static final SpecificCharacterSet DEFAULT =
            new SpecificCharacterSet(List.of(), null, CodeElement.ASCII, CodeElement.LATIN_1, List.of());

    private final List<String> definedTerms;
    /** UTF-8, GB18030 or GBK: the whole value is one charset and escape sequences are not interpreted. */
    private final Charset standalone;
    private final CodeElement initialG0;
    /** Null when no G1 set is designated initially. */
    private final CodeElement initialG1;
    /** Code elements the defined terms allow to be designated by escape sequences, in the terms' order. */
    private final List<CodeElement> extensions;

    private SpecificCharacterSet(List<String> definedTerms, Charset standalone, CodeElement initialG0,
                                 CodeElement initialG1, List<CodeElement> extensions) {
        this.definedTerms = definedTerms;
        this.standalone = standalone;
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.extensions = extensions;
    }

    /**
     * The character set for the values of (0008,0005). An empty first value means the default repertoire; unknown
     * terms are ignored (the default repertoire stands in when value 1 is unknown), as are stand-alone sets after
     * value 1 and everything after a stand-alone value 1 (PS3.5 6.1.2.5.4 d: they admit no code extensions).
     */
    public static SpecificCharacterSet of(List<String> definedTerms) {
        if (definedTerms == null || definedTerms.isEmpty()) {
            return DEFAULT;
        }
        List<String> key = definedTerms.stream().map(t -> t == null ? "" : t.strip()).toList();
        SpecificCharacterSet cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        SpecificCharacterSet created = create(key);
        if (CACHE.size() < MAX_CACHED) {
            CACHE.putIfAbsent(key, created);
        }
        return created;
    }

    private static SpecificCharacterSet create(List<String> terms) {
        Term first = Term.lookup(terms.get(0));
        if (first == null || first == Term.DEFAULT && terms.size() == 1) {
            // Unknown value 1, or a lone default term: the lenient default repertoire.
            return terms.size() == 1 ? DEFAULT : withExtensions(terms, Term.DEFAULT);
        }
        if (first.standalone != null) {
            return new SpecificCharacterSet(terms, first.standalone, CodeElement.ASCII, null, List.of());
        }
        return withExtensions(terms, first);
    }

    private static SpecificCharacterSet withExtensions(List<String> terms, Term first) {
        Set<CodeElement> extensions = new LinkedHashSet<>();
        for (String name : terms) {
            Term term = Term.lookup(name);
            if (term != null && term.standalone == null) {
                extensions.addAll(term.elements);
            }
        }
        return new SpecificCharacterSet(terms, null, first.initialG0, first.initialG1, List.copyOf(extensions));
    }

    /** The defined terms this instance was made from, as given (stripped); empty for the default repertoire. */
    public List<String> definedTerms() {
        return definedTerms;
    }

    /** True for the VRs whose values use the specific character set (PS3.3 C.12.1.1.2); the rest are ISO-IR 6. */
    public static boolean usesSpecificCharacterSet(Vr vr) {
        return switch (vr) {
            case SH, LO, ST, LT, PN, UC, UT -> true;
            default -> false;
        };
    }

    /** Decodes one element's value bytes (all values, backslashes kept). PN is decoded per component group. */
    public String decode(byte[] bytes, Vr vr) {
        if (!usesSpecificCharacterSet(vr)) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (standalone != null) {
            return new String(bytes, standalone);
        }
        return new Iso2022Decoder(bytes, vr).decode();
    }

    /** Encodes text (backslashes kept) for an element of the given VR; throws IllegalArgumentException if it can't. */
    public byte[] encode(String text, Vr vr) {
        if (!usesSpecificCharacterSet(vr)) {
            return encodeDefaultRepertoire(text, vr);
        }
        if (standalone != null) {
            return encodeStandalone(text);
        }
        return new Iso2022Encoder(vr).encode(text);
    }

    @Override
    public String toString() {
        return definedTerms.isEmpty() ? "default repertoire" : String.join("\\", definedTerms);
    }

    private static byte[] encodeDefaultRepertoire(String text, Vr vr) {
        // Latin-1 rather than strict ASCII, so values decoded leniently can be written back unchanged.
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                throw cannotEncode(text, i, vr + " values use the default repertoire");
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] encodeStandalone(String text) {
        CharsetEncoder encoder = standalone.newEncoder();
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(text));
            return Arrays.copyOf(encoded.array(), encoded.limit());
        } catch (CharacterCodingException e) {
            encoder.reset();
            int i = 0;
            while (i < text.length() - 1 && encoder.canEncode(text.substring(i, text.offsetByCodePoints(i, 1)))) {
                i = text.offsetByCodePoints(i, 1);
            }
            throw cannotEncode(text, i);
        }
    }

    /** Names the character, not the text: values are often patient data and messages end up in logs. */
    private IllegalArgumentException cannotEncode(String text, int index) {
        return cannotEncode(text, index, "Specific Character Set " + this);
    }

    private static IllegalArgumentException cannotEncode(String text, int index, String what) {
        int c = text.codePointAt(index);
        return new IllegalArgumentException(String.format("Character U+%04X '%s' at index %d cannot be encoded (%s)",
                c, new String(Character.toChars(c)), index, what));
    }

    /**
     * Whether a byte ends a run in the current code element: PS3.5 6.1.2.5.3 has the initial designations back
     * in force after each value delimiter, line or page break, and in PN after each component group and component
     * delimiter. Only a single byte 05/12 is a delimiter (PS3.5 6.1.2.3), never a byte inside a multi-byte code.
     */
    private static boolean resetsCodeElements(int b, Vr vr) {
        return switch (b) {
            case '\r', '\n', '\f' -> true;
            case '\\' -> vr != Vr.ST && vr != Vr.LT && vr != Vr.UT;
            case '^', '=' -> vr == Vr.PN;
            default -> false;
        };
    }

    /** One pass over a value, following escape sequences and resets; collects runs of one charset. */
    private final class Iso2022Decoder {
        private final byte[] bytes;
        private final Vr vr;
        private final StringBuilder text;
        private final ByteArrayOutputStream run = new ByteArrayOutputStream();
        private Charset runCharset;
        private CodeElement g0 = initialG0;
        private CodeElement g1 = initialG1;

        Iso2022Decoder(byte[] bytes, Vr vr) {
            this.bytes = bytes;
            this.vr = vr;
            this.text = new StringBuilder(bytes.length);
        }

        String decode() {
            int i = 0;
            while (i < bytes.length) {
                int b = bytes[i] & 0xFF;
                if (b == ESC) {
                    CodeElement designated = CodeElement.designatedAt(bytes, i);
                    if (designated != null) {
                        if (designated.g1) {
                            g1 = designated;
                        } else {
                            g0 = designated;
                        }
                        i += designated.escape.length;
                        continue;
                    }
                }
                i += b < 0x80 ? decodeG0(b, i) : decodeG1(i);
            }
            flush();
            return text.toString();
        }

        private int decodeG0(int b, int i) {
            if (g0.twoByte && isGraphic94(b) && i + 1 < bytes.length && isGraphic94(bytes[i + 1] & 0xFF)) {
                append(g0.charset, g0.charsetBytes(b, bytes[i + 1] & 0xFF));
                return 2;
            }
            // Both single-byte G0 sets (ISO-IR 6 and JIS X 0201 romaji) are read as ASCII: 05/12 must stay the
            // delimiter, which pydicom and the examples of PS3.5 Annex H rely on.
            append(StandardCharsets.US_ASCII, (byte) b);
            if (resetsCodeElements(b, vr)) {
                g0 = initialG0;
                g1 = initialG1;
            }
            return 1;
        }

        private int decodeG1(int i) {
            int b = bytes[i] & 0xFF;
            CodeElement set = g1 != null ? g1 : CodeElement.LATIN_1;
            if (!set.twoByte) {
                flush();
                text.append(set.decodeSingle(b));
                return 1;
            }
            boolean pair = i + 1 < bytes.length && (bytes[i + 1] & 0xFF) >= 0xA1;
            if (!pair) {
                flush();
                text.append('\uFFFD');
                return 1;
            }
            append(set.charset, set.charsetBytes(b, bytes[i + 1] & 0xFF));
            return 2;
        }

        private void append(Charset charset, byte... encoded) {
            if (charset != runCharset) {
                flush();
                runCharset = charset;
            }
            run.write(encoded, 0, encoded.length);
        }

        private void flush() {
            if (run.size() > 0) {
                text.append(new String(run.toByteArray(), runCharset));
                run.reset();
            }
        }
    }

    /** Greedy encoder: each character goes to the designated set that has it, else the first extension that has. */
    private final class Iso2022Encoder {
        private final Vr vr;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<CodeElement, CharsetEncoder> encoders = new HashMap<>();
        private CodeElement g0 = initialG0;
        private CodeElement g1 = initialG1;

        Iso2022Encoder(Vr vr) {
            this.vr = vr;
        }

        byte[] encode(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    returnG0ToSingleByte();
                    out.write(c);
                    if (resetsCodeElements(c, vr)) {
                        g1 = initialG1;
                    }
                } else {
                    byte[] encoded = encodeOutsideAscii(c);
                    if (encoded == null) {
                        throw cannotEncode(text, i);
                    }
                    out.writeBytes(encoded);
                }
            }
            returnG0ToSingleByte();
            return out.toByteArray();
        }

        /** ASCII, delimiters and the end of the value need a single-byte G0 (PS3.5 6.1.2.5.3). */
        private void returnG0ToSingleByte() {
            if (g0.twoByte) {
                g0 = initialG0;
                out.writeBytes(g0.escape);
            }
        }

        private byte[] encodeOutsideAscii(char c) {
            for (CodeElement designated : new CodeElement[] {g1, g0}) {
                byte[] encoded = designated == null ? null : designated.encode(c, this::encoder);
                if (encoded != null) {
                    return encoded;
                }
            }
            for (CodeElement extension : extensions) {
                byte[] encoded = extension.encode(c, this::encoder);
                if (encoded != null) {
                    out.writeBytes(extension.escape);
                    if (extension.g1) {
                        g1 = extension;
                    } else {
                        g0 = extension;
                    }
                    return encoded;
                }
            }
            return null;
        }

        private CharsetEncoder encoder(CodeElement element) {
            return encoders.computeIfAbsent(element, e -> e.charset.newEncoder());
        }
    }

    private static boolean isGraphic94(int b) {
        return b >= 0x21 && b <= 0x7E;
    }

    /** The graphic character sets of PS3.3 Tables C.12-3 and C.12-4, with the escape sequence designating each. */
    private enum CodeElement {
        ASCII(false, false, "(B", StandardCharsets.US_ASCII),
        JIS_X0201_ROMAN(false, false, "(J", StandardCharsets.US_ASCII),
        JIS_X0201_KATAKANA(true, false, ")I", Charset.forName("JIS_X0201")),
        LATIN_1(true, false, "-A", StandardCharsets.ISO_8859_1),
        LATIN_2(true, false, "-B", Charset.forName("ISO-8859-2")),
        LATIN_3(true, false, "-C", Charset.forName("ISO-8859-3")),
        LATIN_4(true, false, "-D", Charset.forName("ISO-8859-4")),
        GREEK(true, false, "-F", Charset.forName("ISO-8859-7")),
        ARABIC(true, false, "-G", Charset.forName("ISO-8859-6")),
        HEBREW(true, false, "-H", Charset.forName("ISO-8859-8")),
        CYRILLIC(true, false, "-L", Charset.forName("ISO-8859-5")),
        LATIN_5(true, false, "-M", Charset.forName("ISO-8859-9")),
        THAI(true, false, "-T", Charset.forName("TIS-620")),
        LATIN_9(true, false, "-b", Charset.forName("ISO-8859-15")),
        // JIS X 0208 and 0212 are read through EUC-JP, which carries them with the high bits set (0212 after 0x8F).
        JIS_X0208(false, true, "$B", Charset.forName("EUC-JP")),
        JIS_X0212(false, true, "$(D", Charset.forName("EUC-JP")),
        KS_X1001(true, true, "$)C", Charset.forName("EUC-KR")),
        GB2312(true, true, "$)A", Charset.forName("GB2312"));

        final boolean g1;
        final boolean twoByte;
        final byte[] escape;
        final Charset charset;
        /** For single-byte G1 sets: the characters of bytes 0x80 to 0xFF, and the way back. */
        private final char[] upperHalf;
        private final Map<Character, Byte> upperHalfBytes;

        CodeElement(boolean g1, boolean twoByte, String escape, Charset charset) {
            this.g1 = g1;
            this.twoByte = twoByte;
            this.escape = ("\u001B" + escape).getBytes(StandardCharsets.US_ASCII);
            this.charset = charset;
            if (g1 && !twoByte) {
                byte[] upper = new byte[0x80];
                for (int i = 0; i < upper.length; i++) {
                    upper[i] = (byte) (0x80 + i);
                }
                upperHalf = new String(upper, charset).toCharArray();
                Map<Character, Byte> reverse = new HashMap<>();
                for (int i = 0; i < upperHalf.length; i++) {
                    if (upperHalf[i] != '\uFFFD') {
                        reverse.putIfAbsent(upperHalf[i], upper[i]);
                    }
                }
                upperHalfBytes = Map.copyOf(reverse);
            } else {
                upperHalf = null;
                upperHalfBytes = Map.of();
            }
        }

        /** The code element whose escape sequence starts at {@code offset}, or null for an unknown sequence. */
        static CodeElement designatedAt(byte[] bytes, int offset) {
            for (CodeElement element : values()) {
                byte[] escape = element.escape;
                int end = offset + escape.length;
                if (end <= bytes.length && Arrays.equals(bytes, offset, end, escape, 0, escape.length)) {
                    return element;
                }
            }
            return null;
        }

        char decodeSingle(int b) {
            return upperHalf[b - 0x80];
        }

        /** One two-byte character (from G0 or G1) as bytes of this element's charset. */
        byte[] charsetBytes(int first, int second) {
            byte high = (byte) (first | 0x80);
            byte low = (byte) (second | 0x80);
            return this == JIS_X0212 ? new byte[] {(byte) 0x8F, high, low} : new byte[] {high, low};
        }

        /** The bytes of {@code c} in this set (7-bit in G0, 8-bit in G1), or null if the set lacks it. */
        byte[] encode(char c, Function<CodeElement, CharsetEncoder> encoders) {
            if (!twoByte) {
                Byte b = upperHalfBytes.get(c);
                return b == null ? null : new byte[] {b};
            }
            byte[] euc = encodeOne(c, encoders.apply(this));
            if (this == JIS_X0212) {
                return euc != null && euc.length == 3 && (euc[0] & 0xFF) == 0x8F
                        ? new byte[] {(byte) (euc[1] & 0x7F), (byte) (euc[2] & 0x7F)} : null;
            }
            if (euc == null || euc.length != 2 || (euc[0] & 0xFF) < 0xA1 || (euc[1] & 0xFF) < 0xA1) {
                return null;
            }
            return g1 ? euc : new byte[] {(byte) (euc[0] & 0x7F), (byte) (euc[1] & 0x7F)};
        }

        private static byte[] encodeOne(char c, CharsetEncoder encoder) {
            if (Character.isSurrogate(c) || !encoder.canEncode(c)) {
                return null;
            }
            try {
                ByteBuffer encoded = encoder.reset().encode(CharBuffer.wrap(new char[] {c}));
                return Arrays.copyOf(encoded.array(), encoded.limit());
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    /** A defined term of PS3.3 Tables C.12-2 to C.12-5: initial designations and the sets it makes available. */
    private enum Term {
        DEFAULT(CodeElement.ASCII, null),
        IR_100(CodeElement.ASCII, CodeElement.LATIN_1),
        IR_101(CodeElement.ASCII, CodeElement.LATIN_2),
        IR_109(CodeElement.ASCII, CodeElement.LATIN_3),
        IR_110(CodeElement.ASCII, CodeElement.LATIN_4),
        IR_126(CodeElement.ASCII, CodeElement.GREEK),
        IR_127(CodeElement.ASCII, CodeElement.ARABIC),
        IR_138(CodeElement.ASCII, CodeElement.HEBREW),
        IR_144(CodeElement.ASCII, CodeElement.CYRILLIC),
        IR_148(CodeElement.ASCII, CodeElement.LATIN_5),
        IR_166(CodeElement.ASCII, CodeElement.THAI),
        IR_203(CodeElement.ASCII, CodeElement.LATIN_9),
        IR_13(CodeElement.JIS_X0201_ROMAN, CodeElement.JIS_X0201_KATAKANA),
        // Multi-byte sets: G0 stays ASCII initially; G1 sets are designated initially when given as value 1.
        IR_87(CodeElement.ASCII, null, CodeElement.JIS_X0208),
        IR_159(CodeElement.ASCII, null, CodeElement.JIS_X0212),
        IR_149(CodeElement.ASCII, CodeElement.KS_X1001),
        IR_58(CodeElement.ASCII, CodeElement.GB2312),
        UTF_8(StandardCharsets.UTF_8),
        GB18030(Charset.forName("GB18030")),
        GBK(Charset.forName("GBK"));

        private static final Map<String, Term> BY_NAME = names();

        final CodeElement initialG0;
        final CodeElement initialG1;
        final List<CodeElement> elements;
        final Charset standalone;

        Term(CodeElement initialG0, CodeElement initialG1, CodeElement... designatable) {
            this.initialG0 = initialG0;
            this.initialG1 = initialG1;
            List<CodeElement> all = new ArrayList<>();
            all.add(initialG0);
            if (initialG1 != null) {
                all.add(initialG1);
            }
            all.addAll(List.of(designatable));
            this.elements = List.copyOf(all);
            this.standalone = null;
        }

        Term(Charset standalone) {
            this.initialG0 = CodeElement.ASCII;
            this.initialG1 = null;
            this.elements = List.of();
            this.standalone = standalone;
        }

        private static Map<String, Term> names() {
            Map<String, Term> names = new HashMap<>();
            names.put("", DEFAULT);
            names.put("ISO_IR 6", DEFAULT);
            names.put("ISO 2022 IR 6", DEFAULT);
            for (Term term : values()) {
                if (term.name().startsWith("IR_")) {
                    String number = term.name().substring(3);
                    names.put("ISO_IR " + number, term);
                    names.put("ISO 2022 IR " + number, term);
                }
            }
            names.put("ISO_IR 192", UTF_8);
            names.put("GB18030", GB18030);
            names.put("GBK", GBK);
            // Spellings from DICOM correction CP 1234 that pydicom also accepts.
            names.put("ISO 2022 GBK", GBK);
            names.put("ISO 2022 58", IR_58);
            return Map.copyOf(names);
        }

        /** The term for a defined term, tolerating the misspellings pydicom tolerates; null if unknown. */
        static Term lookup(String definedTerm) {
            String name = definedTerm.strip().toUpperCase(Locale.ROOT);
            Term term = BY_NAME.get(name);
            if (term != null) {
                return term;
            }
            // "ISO-IR 100", "ISO IR 192": any separator between ISO and IR.
            if (name.matches("ISO[^_]IR.*")) {
                return BY_NAME.get("ISO_IR" + name.substring(6));
            }
            // "ISO_2022-IR 100", "ISO_2022_IR+126": any separators in the code extension form.
            if (name.matches("ISO.2022.IR..*")) {
                return BY_NAME.get("ISO 2022 IR " + name.substring(12));
            }
            return javaCharset(definedTerm.strip());
        }

        /** A Java charset name ("UTF-8", "utf8") as pydicom accepts Python codec names: a stand-alone set. */
        private static Term javaCharset(String name) {
            try {
                if (!Charset.isSupported(name)) {
                    return null;
                }
            } catch (IllegalCharsetNameException e) {
                return null;
            }
            Charset charset = Charset.forName(name);
            if (charset.equals(StandardCharsets.UTF_8)) {
                return UTF_8;
            }
            return Arrays.stream(values()).filter(t -> charset.equals(t.standalone)).findFirst().orElse(null);
        }
    }
}
