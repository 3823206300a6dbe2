package io.tessera.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A DICOM data set: elements kept sorted by tag in parallel arrays (appending in tag order, the usual case
 * while parsing, is O(1)). Text values stay raw bytes until read; they are decoded with the Specific
 * Character Set in force for this data set, which items inherit from their enclosing data set (PS3.5 7.5.3).
 */
public final class Dataset {
    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;

    private int[] tags = new int[16];
    private Vr[] vrs = new Vr[16];
    private Value[] values = new Value[16];
    private int size;
    private Dataset parent;
    private SpecificCharacterSet characterSet;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int tagAt(int index) {
        return tags[index];
    }

    public Vr vrAt(int index) {
        return vrs[index];
    }

    public Value valueAt(int index) {
        return values[index];
    }

    /** Index of {@code tag}, or a negative number if absent (as {@link Arrays#binarySearch}). */
    public int indexOf(int tag) {
        // Compare as unsigned so that (FFFE,E000)-style tags sort last, as in a stream.
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
            return -(size + 1);
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Integer.compareUnsigned(tags[mid], tag);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    public Value get(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? values[i] : null;
    }

    public Vr vrOf(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? vrs[i] : null;
    }

    /** Adds or replaces an element. Items of a sequence value get this data set as their parent. */
    public void put(int tag, Vr vr, Value value) {
        if (value instanceof Value.Sequence sequence) {
            sequence.items().forEach(item -> item.parent = this);
        }
        if (tag == SPECIFIC_CHARACTER_SET) {
            characterSet = null;
        }
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
            return;
        }
        int at = -(i + 1);
        if (size == tags.length) {
            int capacity = size * 2;
            tags = Arrays.copyOf(tags, capacity);
            vrs = Arrays.copyOf(vrs, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        if (at < size) {
            System.arraycopy(tags, at, tags, at + 1, size - at);
            System.arraycopy(vrs, at, vrs, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
        }
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
    }

    public Value remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        Value removed = values[i];
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        if (tag == SPECIFIC_CHARACTER_SET) {
            characterSet = null;
        }
        return removed;
    }

    /** The data set whose sequence holds this one as an item, or null for a top-level data set. */
    public Dataset parent() {
        return parent;
    }

    /** The character set in force: this data set's (0008,0005), else the parent's, else the default repertoire. */
    public SpecificCharacterSet characterSet() {
        if (characterSet == null) {
            byte[] raw = bytes(SPECIFIC_CHARACTER_SET);
            if (raw != null) {
                characterSet = SpecificCharacterSet.of(splitText(SpecificCharacterSet.DEFAULT.decode(raw, Vr.CS), Vr.CS));
            } else {
                return parent != null ? parent.characterSet() : SpecificCharacterSet.DEFAULT;
            }
        }
        return characterSet;
    }

    /** Raw bytes of an element held as {@link Value.Bytes}, or null. */
    public byte[] bytes(int tag) {
        return get(tag) instanceof Value.Bytes b ? b.bytes() : null;
    }

    /** Every value of a text element, decoded, split on backslash where the VR allows several, padding removed. */
    public List<String> strings(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Value.Bytes b) || b.bytes().length == 0) {
            return List.of();
        }
        Vr vr = vrs[i];
        return splitText(characterSet().decode(b.bytes(), vr), vr);
    }

    /** The first value of a text element, or null when absent or empty. */
    public String string(int tag) {
        List<String> all = strings(tag);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Integer values of US, SS, UL, SL, SV, UV, AT or IS elements (IS parsed; invalid entries throw). */
    public long[] longs(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Value.Bytes b)) {
            return new long[0];
        }
        Vr vr = vrs[i];
        if (vr == Vr.IS) {
            return strings(tag).stream().filter(s -> !s.isBlank()).mapToLong(s -> Long.parseLong(s.trim())).toArray();
        }
        ByteBuffer buf = ByteBuffer.wrap(b.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int width = vr.bytesPerValue();
        if (width == 0 || vr == Vr.UN || vr == Vr.OB) {
            width = vr == Vr.OB || vr == Vr.UN ? 1 : 0;
        }
        if (width == 0) {
            throw new IllegalArgumentException(vr + " is not an integer VR");
        }
        long[] out = new long[b.bytes().length / width];
        for (int k = 0; k < out.length; k++) {
            out[k] = switch (vr) {
                case US, OW -> buf.getShort() & 0xFFFF;
                case SS -> buf.getShort();
                case UL, OL -> buf.getInt() & 0xFFFFFFFFL;
                case SL -> buf.getInt();
                case SV, UV -> buf.getLong();
                case AT -> ((buf.getShort() & 0xFFFFL) << 16) | (buf.getShort() & 0xFFFF);
                default -> buf.get() & 0xFF;
            };
        }
        return out;
    }

    /** The first integer value, or {@code fallback} when absent or empty. */
    public long longValue(int tag, long fallback) {
        long[] all = longs(tag);
        return all.length > 0 ? all[0] : fallback;
    }

    public int intValue(int tag, int fallback) {
        return (int) longValue(tag, fallback);
    }

    /** Values of FL, FD, OF, OD or DS elements (DS parsed; invalid entries throw NumberFormatException). */
    public double[] doubles(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Value.Bytes b)) {
            return new double[0];
        }
        Vr vr = vrs[i];
        if (vr == Vr.DS) {
            return strings(tag).stream().filter(s -> !s.isBlank()).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
        }
        ByteBuffer buf = ByteBuffer.wrap(b.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        boolean single = vr == Vr.FL || vr == Vr.OF;
        double[] out = new double[b.bytes().length / (single ? 4 : 8)];
        for (int k = 0; k < out.length; k++) {
            out[k] = single ? buf.getFloat() : buf.getDouble();
        }
        return out;
    }

    /** Items of a sequence element, or an empty list. */
    public List<Dataset> items(int tag) {
        return get(tag) instanceof Value.Sequence s ? Collections.unmodifiableList(s.items()) : List.of();
    }

    /** Encodes text values with this data set's character set, joined by backslash and padded to even length. */
    public void putStrings(int tag, Vr vr, String... text) {
        byte[] encoded = characterSet().encode(String.join("\\", text), vr);
        put(tag, vr, new Value.Bytes(padToEven(encoded, vr.padding())));
    }

    public void putSequence(int tag, List<Dataset> items) {
        put(tag, Vr.SQ, new Value.Sequence(new ArrayList<>(items)));
    }

    /** Splits decoded text on backslash where the VR is multi-valued, and strips padding as PS3.5 6.2 allows. */
    public static List<String> splitText(String text, Vr vr) {
        boolean single = vr == Vr.LT || vr == Vr.ST || vr == Vr.UT || vr == Vr.UR;
        List<String> out = new ArrayList<>();
        if (single) {
            out.add(stripTrailing(text));
            return out;
        }
        int start = 0;
        for (int k = 0; k <= text.length(); k++) {
            if (k == text.length() || text.charAt(k) == '\\') {
                out.add(strip(text.substring(start, k), vr));
                start = k + 1;
            }
        }
        return out;
    }

    private static String strip(String value, Vr vr) {
        // Leading spaces are significant only in the free-text VRs handled above (PS3.5 6.2).
        return vr == Vr.UC ? stripTrailing(value) : stripTrailing(value).stripLeading();
    }

    private static String stripTrailing(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        return value.substring(0, end);
    }

    static byte[] padToEven(byte[] bytes, byte padding) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = padding;
        return padded;
    }
}
