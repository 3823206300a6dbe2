package io.tessera.dicom;

/** Helpers for 32-bit tags (group in the high 16 bits). Named constants live in {@link Tags}. */
public final class Tag {
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private Tag() {
    }

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    /** (gggg,0010-00FF) in an odd group: reserves a block of private elements (PS3.5 7.8.1). */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x10 && element <= 0xFF;
    }

    /** The private creator element that reserves the block of a private data element, e.g. (0029,1010) -> (0029,0010). */
    public static int privateCreatorOf(int tag) {
        return (tag & 0xFFFF0000) | (element(tag) >>> 8);
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** Eight upper-case hex digits, the form DICOM JSON uses as keys. */
    public static String toHex(int tag) {
        String hex = Integer.toHexString(tag).toUpperCase();
        return "00000000".substring(hex.length()) + hex;
    }

    /** The "(gggg,eeee)" form used by dcmdump and error messages. */
    public static String toString(int tag) {
        String hex = toHex(tag);
        return "(" + hex.substring(0, 4) + "," + hex.substring(4) + ")";
    }

    /** Parses eight hex digits; throws IllegalArgumentException otherwise. */
    public static int parseHex(String hex) {
        if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("tag must be 8 hex digits: " + hex);
        }
        return (int) Long.parseLong(hex, 16);
    }
}
