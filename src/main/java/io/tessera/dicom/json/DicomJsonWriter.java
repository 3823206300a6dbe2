package io.tessera.dicom.json;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes data sets in the DICOM JSON Model (PS3.18 Annex F.2), streaming: each element goes to the output as it
 * is visited, and binary values are base64-encoded in chunks, so no document is built in memory.
 * <p>
 * Write one data set with {@link #write}, or several as a JSON array (a metadata response) between
 * {@link #writeArrayStart()} and {@link #writeArrayEnd()}.
 * <p>
 * Choices where Annex F leaves room:
 * <ul>
 *   <li>FL and FD values that are NaN or infinite cannot be JSON numbers; they are written as the strings
 *       {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (which {@link DicomJsonReader} accepts back).</li>
 *   <li>SV and UV are written as exact 64-bit integers; JSON allows that, though JavaScript readers lose
 *       precision beyond 2^53.</li>
 *   <li>A sequence read from a UN element of undefined length (PS3.5 6.2.2) is written as SQ.</li>
 *   <li>Encapsulated pixel data written inline is its encapsulated encoding (items with headers, offset table
 *       first, no sequence delimiter), as other toolkits do.</li>
 *   <li>A value left in the source ({@link Value.BulkData}) cannot be inlined: without a BulkDataURI only its
 *       "vr" is written.</li>
 * </ul>
 */
public final class DicomJsonWriter implements Closeable, Flushable {
    /** RFC 8259 number grammar; a DS or IS value that matches is copied as written. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final int BASE64_CHUNK = 3 * 1024;

    private final Writer out;
    private final JsonGenerator json;
    private final JsonWriteOptions options;
    /** Items from the top-level data set down to the one being written, for BulkDataURIs. */
    private final List<AttributePath.Item> items = new ArrayList<>();
    private boolean inArray;
    private boolean wroteTopLevel;

    public DicomJsonWriter(Writer out, JsonWriteOptions options) {
        this.out = out;
        this.json = new JsonGenerator(out);
        this.options = options;
    }

    /** Writes UTF-8, as RFC 8259 requires of JSON exchanged between systems. */
    public DicomJsonWriter(OutputStream out, JsonWriteOptions options) {
        this(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), options);
    }

    public void writeArrayStart() throws IOException {
        requireNoTopLevelYet();
        json.beginArray();
        inArray = true;
    }

    public void writeArrayEnd() throws IOException {
        if (!inArray) {
            throw new IllegalStateException("no array started");
        }
        json.endArray();
        inArray = false;
        wroteTopLevel = true;
    }

    /** Writes {@code dataset} as a JSON object: the whole document, or the next element of the array started. */
    public void write(Dataset dataset) throws IOException {
        if (!inArray) {
            requireNoTopLevelYet();
            wroteTopLevel = true;
        }
        writeDataset(dataset);
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void requireNoTopLevelYet() {
        if (inArray || wroteTopLevel) {
            throw new IllegalStateException("a JSON document holds one top-level value");
        }
    }

    private void writeDataset(Dataset dataset) throws IOException {
        json.beginObject();
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            if (options.includeGroupLengths() || !Tag.isGroupLength(tag)) {
                json.name(Tag.toHex(tag));
                json.beginObject();
                writeAttribute(dataset, tag, dataset.vrAt(i), dataset.valueAt(i));
                json.endObject();
            }
        }
        json.endObject();
    }

    private void writeAttribute(Dataset dataset, int tag, Vr vr, Value value) throws IOException {
        json.name("vr");
        json.string(value instanceof Value.Sequence ? Vr.SQ.name() : vr.name());
        if (value instanceof Value.Sequence sequence) {
            writeItems(tag, sequence.items());
        } else if (value instanceof Value.Bytes bytes) {
            if (bytes.bytes().length > 0) {
                writeBytes(dataset, tag, vr, bytes.bytes());
            }
        } else {
            String uri = bulkDataUri(tag);
            if (uri != null) {
                writeBulkDataUri(uri);
            } else if (value instanceof Value.Fragments fragments) {
                writeInlineFragments(fragments.fragments());
            }
        }
    }

    private void writeItems(int sequenceTag, List<Dataset> sequenceItems) throws IOException {
        if (sequenceItems.isEmpty()) {
            return;
        }
        json.name("Value");
        json.beginArray();
        for (int index = 0; index < sequenceItems.size(); index++) {
            items.add(new AttributePath.Item(sequenceTag, index));
            writeDataset(sequenceItems.get(index));
            items.remove(items.size() - 1);
        }
        json.endArray();
    }

    private void writeBytes(Dataset dataset, int tag, Vr vr, byte[] bytes) throws IOException {
        switch (vr) {
            case OB, OD, OF, OL, OV, OW, UN -> {
                String uri = bytes.length > options.inlineBinaryThreshold() ? bulkDataUri(tag) : null;
                if (uri != null) {
                    writeBulkDataUri(uri);
                } else {
                    json.name("InlineBinary");
                    try (Base64Chunks base64 = new Base64Chunks()) {
                        base64.write(bytes, 0, bytes.length);
                    }
                }
            }
            case US, SS, UL, SL, SV, UV, FL, FD, AT -> writeBinaryNumbers(vr, bytes);
            case PN -> writePersonNames(dataset.strings(tag));
            case IS, DS -> writeNumberStrings(dataset.strings(tag));
            default -> writeStrings(dataset.strings(tag));
        }
    }

    private void writeBinaryNumbers(Vr vr, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // A trailing partial value (a malformed length) cannot be represented and is dropped.
        int count = bytes.length / vr.bytesPerValue();
        json.name("Value");
        json.beginArray();
        for (int k = 0; k < count; k++) {
            switch (vr) {
                case US -> json.number(Integer.toString(buffer.getShort() & 0xFFFF));
                case SS -> json.number(Short.toString(buffer.getShort()));
                case UL -> json.number(Integer.toUnsignedString(buffer.getInt()));
                case SL -> json.number(Integer.toString(buffer.getInt()));
                case SV -> json.number(Long.toString(buffer.getLong()));
                case UV -> json.number(Long.toUnsignedString(buffer.getLong()));
                case FL -> writeFloating(buffer.getFloat());
                case FD -> writeFloating(buffer.getDouble());
                default -> json.string(Tag.toHex(Tag.of(buffer.getShort() & 0xFFFF, buffer.getShort() & 0xFFFF)));
            }
        }
        json.endArray();
    }

    private void writeFloating(double value) throws IOException {
        writeFloating(value, Double.toString(value));
    }

    private void writeFloating(float value) throws IOException {
        // Float.toString gives the shortest text that reads back as the same float (0.1, not 0.10000000149).
        writeFloating(value, Float.toString(value));
    }

    private void writeFloating(double value, String text) throws IOException {
        if (Double.isFinite(value)) {
            json.number(text);
        } else {
            json.string(text);
        }
    }

    private void writeStrings(List<String> values) throws IOException {
        writeTextValues(values, json::string);
    }

    /**
     * IS and DS values are JSON numbers (PS3.18 F.2.3, CP 1861). A value that is not a valid number cannot be
     * one, and dropping it would lose data, so it is written as the JSON string it is, as F.2.3 permits for
     * values that cannot be represented as a JSON number. Numbers valid in DICOM but not in JSON ("+1", ".5",
     * "1.", "007") are normalized.
     */
    private void writeNumberStrings(List<String> values) throws IOException {
        writeTextValues(values, value -> {
            String normalized = JSON_NUMBER.matcher(value).matches() ? value : normalizedNumber(value);
            if (normalized != null) {
                json.number(normalized);
            } else {
                json.string(value);
            }
        });
    }

    private static String normalizedNumber(String value) {
        try {
            return new BigDecimal(value).toString();
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** PN values are objects of up to three component groups (PS3.18 F.2.2); empty groups are left out. */
    private void writePersonNames(List<String> values) throws IOException {
        writeTextValues(values, value -> {
            String[] groups = value.split("=", -1);
            json.beginObject();
            for (int g = 0; g < Math.min(groups.length, PersonName.GROUPS.size()); g++) {
                if (!groups[g].isEmpty()) {
                    json.name(PersonName.GROUPS.get(g));
                    json.string(groups[g]);
                }
            }
            json.endObject();
        });
    }

    /** Writes one value of a text element; empty values never reach it. */
    @FunctionalInterface
    private interface TextValueWriter {
        void write(String value) throws IOException;
    }

    /** The "Value" array of a text element, null for each empty value (PS3.18 F.2.5); nothing when all is empty. */
    private void writeTextValues(List<String> values, TextValueWriter writer) throws IOException {
        if (isEmpty(values)) {
            return;
        }
        json.name("Value");
        json.beginArray();
        for (String value : values) {
            if (value.isEmpty()) {
                json.nullValue();
            } else {
                writer.write(value);
            }
        }
        json.endArray();
    }

    /** An element with a single empty value, like one of length zero, has no "Value" (PS3.18 F.2.5). */
    private static boolean isEmpty(List<String> values) {
        return values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty());
    }

    private String bulkDataUri(int tag) {
        BulkDataUriBuilder builder = options.bulkDataUris();
        return builder == null ? null : builder.uriFor(new AttributePath(items, tag));
    }

    private void writeBulkDataUri(String uri) throws IOException {
        json.name("BulkDataURI");
        json.string(uri);
    }

    private void writeInlineFragments(List<byte[]> fragments) throws IOException {
        json.name("InlineBinary");
        try (Base64Chunks base64 = new Base64Chunks()) {
            for (byte[] fragment : fragments) {
                byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(fragment.length).array();
                base64.write(header, 0, header.length);
                base64.write(fragment, 0, fragment.length);
            }
        }
    }

    /** Base64-encodes a stream of bytes into the current JSON string, one chunk (a multiple of 3 bytes) at a time. */
    private final class Base64Chunks implements Closeable {
        private final Base64.Encoder encoder = Base64.getEncoder();
        private final byte[] chunk = new byte[BASE64_CHUNK];
        private final char[] chars = new char[BASE64_CHUNK / 3 * 4];
        private int filled;

        Base64Chunks() throws IOException {
            json.beginRawString();
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, chunk.length - filled);
                System.arraycopy(bytes, offset, chunk, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == chunk.length) {
                    emit();
                }
            }
        }

        /** Emits the final, possibly padded, chunk and closes the string. */
        @Override
        public void close() throws IOException {
            emit();
            json.endRawString();
        }

        private void emit() throws IOException {
            byte[] encoded = encoder.encode(filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
            for (int i = 0; i < encoded.length; i++) {
                chars[i] = (char) encoded[i];
            }
            json.rawStringContent(chars, encoded.length);
            filled = 0;
        }
    }
}
