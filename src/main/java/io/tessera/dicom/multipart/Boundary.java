package io.tessera.dicom.multipart;

/** The boundary rules of RFC 2046 5.1.1, shared by reader and writer. */
final class Boundary {
    static final int MAX_LENGTH = 70;

    private Boundary() {
    }

    /**
     * Returns the boundary if it is 1 to 70 printable ASCII characters not ending in a space. RFC 2046 allows
     * fewer characters (bchars); accepting any printable ones costs nothing and tolerates odd clients.
     */
    static String check(String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("multipart boundary must be 1 to " + MAX_LENGTH + " characters: "
                    + (boundary == null ? null : "\"" + boundary + "\""));
        }
        if (boundary.chars().anyMatch(c -> c < 0x20 || c > 0x7E) || boundary.endsWith(" ")) {
            throw new IllegalArgumentException(
                    "multipart boundary must be printable ASCII not ending in a space: \"" + boundary + "\"");
        }
        return boundary;
    }
}
