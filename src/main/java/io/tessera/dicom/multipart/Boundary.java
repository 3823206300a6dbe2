package io.tessera.dicom.multipart;

/** The boundary rules of RFC 2046 5.1.1, shared by reader and writer. */
final class Boundary {
    /** What RFC 2046 allows, and what we write. */
    static final int MAX_LENGTH = 70;
    /**
     * What we read: real clients exceed 70 (Orthanc 1.10's DICOMweb plugin sends two UUIDs, 73 characters), and a
     * longer boundary costs nothing but a longer delimiter scan.
     */
    static final int MAX_READ_LENGTH = 256;

    private Boundary() {
    }

    /** A boundary we write: 1 to 70 printable ASCII characters not ending in a space. */
    static String check(String boundary) {
        return check(boundary, MAX_LENGTH);
    }

    /**
     * Returns the boundary if it is 1 to {@code maxLength} printable ASCII characters not ending in a space.
     * RFC 2046 allows fewer characters (bchars); accepting any printable ones tolerates odd clients.
     */
    static String check(String boundary, int maxLength) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > maxLength) {
            throw new IllegalArgumentException("multipart boundary must be 1 to " + maxLength + " characters: "
                    + (boundary == null ? null : "\"" + boundary + "\""));
        }
        if (boundary.chars().anyMatch(c -> c < 0x20 || c > 0x7E) || boundary.endsWith(" ")) {
            throw new IllegalArgumentException(
                    "multipart boundary must be printable ASCII not ending in a space: \"" + boundary + "\"");
        }
        return boundary;
    }
}
