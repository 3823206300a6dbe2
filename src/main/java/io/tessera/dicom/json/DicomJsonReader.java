package io.tessera.dicom.json;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.json.JsonTokens.Token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads data sets from the DICOM JSON Model (PS3.18 Annex F.2): one object, or an array of them.
 * <p>
 * JSON text is Unicode, so text values are encoded as UTF-8. Where any text is not ASCII, the data set declares
 * Specific Character Set "ISO_IR 192" (UTF-8, PS3.3 C.12.1.1.2), replacing what the JSON said, at the top level
 * and in any item that has its own: the original set no longer describes the bytes. All-ASCII data sets keep
 * theirs, since every character set DICOM uses in (0008,0005) encodes ASCII text identically.
 * <p>
 * Numbers of binary VRs become little-endian binary; FL and FD also accept the strings "NaN", "Infinity" and
 * "-Infinity" that {@link DicomJsonWriter} writes. IS and DS keep the number text as written. InlineBinary is
 * decoded; an inline encapsulated Pixel Data value becomes {@link Value.Fragments} again. BulkDataURIs are
 * passed to the {@link BulkDataResolver} of the options, which by default refuses them. Anything malformed or
 * over a limit throws {@link DicomException}.
 */
public final class DicomJsonReader {
    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM_TAG_LE = 0xE000FFFE;
    private static final byte[] UTF_8_TERM = "ISO_IR 192".getBytes(StandardCharsets.US_ASCII);

    private final JsonParser parser;
    private final BulkDataResolver bulkData;
    private final List<AttributePath.Item> items = new ArrayList<>();
    private boolean nonAsciiText;

    public DicomJsonReader(Reader in, JsonReadOptions options) {
        this.parser = new JsonParser(in, options.maxDocumentChars(), options.maxDepth());
        this.bulkData = options.bulkData();
    }

    /** Reads UTF-8 (RFC 8259 8.1). */
    public DicomJsonReader(InputStream in, JsonReadOptions options) {
        this(new InputStreamReader(in, StandardCharsets.UTF_8), options);
    }

    /** Reads a document that is a single data set. */
    public Dataset read() throws IOException {
        if (parser.next() != Token.BEGIN_OBJECT) {
            throw parser.error("expected a DICOM JSON object");
        }
        Dataset dataset = readTopLevel();
        endOfDocument();
        return dataset;
    }

    /** Reads a document that is a data set or an array of data sets. */
    public List<Dataset> readAll() throws IOException {
        List<Dataset> datasets = new ArrayList<>();
        Token first = parser.next();
        if (first == Token.BEGIN_OBJECT) {
            datasets.add(readTopLevel());
        } else if (first == Token.BEGIN_ARRAY) {
            for (Token token = parser.next(); token != Token.END_ARRAY; token = parser.next()) {
                if (token != Token.BEGIN_OBJECT) {
                    throw parser.error("expected a DICOM JSON object in the array");
                }
                datasets.add(readTopLevel());
            }
        } else {
            throw parser.error("expected a DICOM JSON object or array");
        }
        endOfDocument();
        return datasets;
    }

    private void endOfDocument() throws IOException {
        if (parser.next() != Token.END_DOCUMENT) {
            throw parser.error("expected the end of the document");
        }
    }

    private Dataset readTopLevel() throws IOException {
        nonAsciiText = false;
        Dataset dataset = readDataset(parser);
        if (nonAsciiText) {
            declareUtf8(dataset, true);
        }
        return dataset;
    }

    private static void declareUtf8(Dataset dataset, boolean topLevel) {
        if (topLevel || dataset.contains(SPECIFIC_CHARACTER_SET)) {
            dataset.put(SPECIFIC_CHARACTER_SET, Vr.CS, new Value.Bytes(UTF_8_TERM));
        }
        for (int i = 0; i < dataset.size(); i++) {
            if (dataset.valueAt(i) instanceof Value.Sequence sequence) {
                sequence.items().forEach(item -> declareUtf8(item, false));
            }
        }
    }

    /** Reads the members of a data set object whose '{' has been read. */
    private Dataset readDataset(JsonTokens tokens) throws IOException {
        Dataset dataset = new Dataset();
        for (Token token = tokens.next(); token != Token.END_OBJECT; token = tokens.next()) {
            int tag = parseTag(tokens);
            if (tokens.next() != Token.BEGIN_OBJECT) {
                throw tokens.error("expected an attribute object for " + Tag.toString(tag));
            }
            readAttribute(tokens, dataset, tag);
        }
        return dataset;
    }

    private static int parseTag(JsonTokens tokens) throws DicomException {
        try {
            return Tag.parseHex(tokens.text());
        } catch (IllegalArgumentException e) {
            throw tokens.error("invalid attribute tag \"" + tokens.text() + "\"");
        }
    }

    /** Reads the members of an attribute object ("vr", then one of "Value", "InlineBinary", "BulkDataURI"). */
    private void readAttribute(JsonTokens tokens, Dataset dataset, int tag) throws IOException {
        Vr vr = null;
        String valueKind = null;
        Value value = null;
        JsonTokens valuesBeforeVr = null;
        String text = null;
        for (Token token = tokens.next(); token != Token.END_OBJECT; token = tokens.next()) {
            String member = tokens.text();
            switch (member) {
                case "vr" -> vr = parseVr(tokens);
                case "Value", "InlineBinary", "BulkDataURI" -> {
                    if (valueKind != null) {
                        throw tokens.error(Tag.toString(tag) + " has both " + valueKind + " and " + member);
                    }
                    valueKind = member;
                    Token first = tokens.next();
                    if (member.equals("Value")) {
                        if (first != Token.BEGIN_ARRAY) {
                            throw tokens.error("\"Value\" of " + Tag.toString(tag) + " must be an array");
                        }
                        if (vr != null) {
                            value = readValues(tokens, tag, vr);
                        } else {
                            // JSON members are unordered: a "Value" before its "vr" is replayed once the VR is known.
                            valuesBeforeVr = tokens.record(first);
                        }
                    } else if (first == Token.STRING) {
                        text = tokens.text();
                    } else {
                        throw tokens.error("\"" + member + "\" of " + Tag.toString(tag) + " must be a string");
                    }
                }
                default -> tokens.skipValue(tokens.next()); // members Annex F does not define carry nothing for us
            }
        }
        if (vr == null) {
            throw tokens.error(Tag.toString(tag) + " has no \"vr\"");
        }
        if (valuesBeforeVr != null) {
            valuesBeforeVr.next();
            value = readValues(valuesBeforeVr, tag, vr);
        } else if (valueKind == null) {
            value = vr == Vr.SQ ? new Value.Sequence(new ArrayList<>()) : Value.Bytes.EMPTY;
        } else if (valueKind.equals("InlineBinary")) {
            value = inlineBinary(tokens, tag, text);
        } else if (valueKind.equals("BulkDataURI")) {
            value = new Value.Bytes(bulkData.resolve(text, new AttributePath(items, tag), vr));
        }
        dataset.put(tag, vr, value);
    }

    private static Vr parseVr(JsonTokens tokens) throws IOException {
        if (tokens.next() == Token.STRING) {
            String name = tokens.text();
            Vr vr = name.length() == 2 ? Vr.ofCode((name.charAt(0) << 8) | name.charAt(1)) : null;
            if (vr != null) {
                return vr;
            }
        }
        throw tokens.error("invalid \"vr\"");
    }

    /** Reads the elements of a "Value" array whose '[' has been read. */
    private Value readValues(JsonTokens tokens, int tag, Vr vr) throws IOException {
        return switch (vr) {
            case SQ -> readItems(tokens, tag);
            case OB, OD, OF, OL, OV, OW, UN -> throw tokens.error(vr + " values must be InlineBinary or BulkDataURI");
            case US, SS, UL, SL, SV, UV, FL, FD, AT -> new Value.Bytes(readBinaryNumbers(tokens, vr));
            default -> new Value.Bytes(readText(tokens, vr));
        };
    }

    private Value readItems(JsonTokens tokens, int tag) throws IOException {
        List<Dataset> sequenceItems = new ArrayList<>();
        for (Token token = tokens.next(); token != Token.END_ARRAY; token = tokens.next()) {
            if (token != Token.BEGIN_OBJECT) {
                throw tokens.error("sequence items must be objects");
            }
            items.add(new AttributePath.Item(tag, sequenceItems.size()));
            sequenceItems.add(readDataset(tokens));
            items.remove(items.size() - 1);
        }
        return new Value.Sequence(sequenceItems);
    }

    private static byte[] readBinaryNumbers(JsonTokens tokens, Vr vr) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (Token token = tokens.next(); token != Token.END_ARRAY; token = tokens.next()) {
            if (token != Token.NUMBER && token != Token.STRING) {
                throw tokens.error(vr + " values must be numbers");
            }
            one.clear();
            try {
                switch (vr) {
                    case FL -> one.putFloat((float) parseFloating(tokens.text()));
                    case FD -> one.putDouble(parseFloating(tokens.text()));
                    case AT -> {
                        int tag = Tag.parseHex(tokens.text());
                        one.putShort((short) Tag.group(tag)).putShort((short) Tag.element(tag));
                    }
                    default -> putInteger(one, vr, new BigDecimal(tokens.text()).toBigIntegerExact());
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw tokens.error("invalid " + vr + " value \"" + tokens.text() + "\"");
            }
            out.write(one.array(), 0, one.position());
        }
        return out.toByteArray();
    }

    /** A decimal number, or one of the strings {@link DicomJsonWriter} writes for non-finite values. */
    private static double parseFloating(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(text).doubleValue();
        };
    }

    private static void putInteger(ByteBuffer out, Vr vr, BigInteger value) {
        boolean signed = vr == Vr.SS || vr == Vr.SL || vr == Vr.SV;
        int bits = vr.bytesPerValue() * 8;
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ArithmeticException("out of range");
        }
        long bitsValue = value.longValue(); // the low 64 bits: two's complement, or UV above 2^63 as unsigned
        switch (vr.bytesPerValue()) {
            case 2 -> out.putShort((short) bitsValue);
            case 4 -> out.putInt((int) bitsValue);
            default -> out.putLong(bitsValue);
        }
    }

    /** Text values joined with backslashes; null entries become empty values; PN objects become "A=I=P". */
    private byte[] readText(JsonTokens tokens, Vr vr) throws IOException {
        StringBuilder text = new StringBuilder();
        boolean first = true;
        for (Token token = tokens.next(); token != Token.END_ARRAY; token = tokens.next()) {
            if (!first) {
                text.append('\\');
            }
            first = false;
            switch (token) {
                case NULL -> { }
                case STRING, NUMBER -> text.append(tokens.text());
                case BEGIN_OBJECT -> {
                    if (vr != Vr.PN) {
                        throw tokens.error(vr + " values must be strings");
                    }
                    text.append(readPersonName(tokens));
                }
                default -> throw tokens.error(vr + " values must be strings");
            }
        }
        return encode(text.toString(), vr);
    }

    private static String readPersonName(JsonTokens tokens) throws IOException {
        String[] groups = new String[PersonName.GROUPS.size()];
        for (Token token = tokens.next(); token != Token.END_OBJECT; token = tokens.next()) {
            int group = PersonName.GROUPS.indexOf(tokens.text());
            if (group < 0) {
                throw tokens.error("unknown PN component group \"" + tokens.text() + "\"");
            }
            Token value = tokens.next();
            if (value == Token.STRING) {
                groups[group] = tokens.text();
            } else if (value != Token.NULL) {
                throw tokens.error("PN component groups must be strings");
            }
        }
        int used = groups.length;
        while (used > 0 && (groups[used - 1] == null || groups[used - 1].isEmpty())) {
            used--;
        }
        StringBuilder name = new StringBuilder();
        for (int g = 0; g < used; g++) {
            name.append(g > 0 ? "=" : "").append(groups[g] == null ? "" : groups[g]);
        }
        return name.toString();
    }

    private byte[] encode(String text, Vr vr) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        if (encoded.length != text.length()) {
            nonAsciiText = true;
        }
        return padded(encoded, vr);
    }

    private static byte[] padded(byte[] bytes, Vr vr) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] even = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, even, 0, bytes.length);
        even[bytes.length] = vr.padding();
        return even;
    }

    private Value inlineBinary(JsonTokens tokens, int tag, String base64) throws DicomException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw tokens.error("invalid InlineBinary of " + Tag.toString(tag));
        }
        if (tag == PIXEL_DATA && items.isEmpty()) {
            List<byte[]> fragments = encapsulatedFragments(bytes);
            if (fragments != null) {
                return new Value.Fragments(fragments);
            }
        }
        return new Value.Bytes(bytes);
    }

    /** The fragments of an encapsulated value (items, offset table first), or null if the bytes are not one. */
    private static List<byte[]> encapsulatedFragments(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> fragments = new ArrayList<>();
        while (in.remaining() >= 8 && in.getInt(in.position()) == ITEM_TAG_LE) {
            in.getInt();
            long length = in.getInt() & 0xFFFFFFFFL;
            if (length > in.remaining()) {
                return null;
            }
            byte[] fragment = new byte[(int) length];
            in.get(fragment);
            fragments.add(fragment);
        }
        return fragments.isEmpty() || in.hasRemaining() ? null : fragments;
    }
}
