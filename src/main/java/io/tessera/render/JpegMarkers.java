package io.tessera.render;

/** What the markers of a JPEG stream say: its process (SOFn) and whether three components are YCbCr-coded. */
final class JpegMarkers {
    private JpegMarkers() {
    }

    /** Whether the frame header is SOF3 (lossless, Huffman), which JPEG Lossless transfer syntaxes use. */
    static boolean isLossless(byte[] data) {
        return sofMarker(data) == 0xC3;
    }

    /**
     * Whether the three components of a stream labelled RGB are in fact YCbCr-coded: only when a JFIF marker or an
     * Adobe APP14 transform flag says so (component ids are not trusted over the data set). This is what pydicom
     * with Pillow gives for every RGB JPEG file pydicom ships.
     */
    static boolean isYCbCrCoded(byte[] data) {
        boolean jfif = false;
        int adobeTransform = -1;
        int i = 2;
        while (i + 4 <= data.length) {
            if ((data[i] & 0xFF) != 0xFF) {
                break;
            }
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            int length = (data[i + 2] & 0xFF) << 8 | data[i + 3] & 0xFF;
            int payload = i + 4;
            if (marker == 0xE0 && startsWith(data, payload, "JFIF")) {
                jfif = true;
            } else if (marker == 0xEE && startsWith(data, payload, "Adobe") && length >= 14
                    && payload + 11 < data.length) {
                // A segment too short to hold the transform flag is ignored, as libjpeg does.
                adobeTransform = data[payload + 11] & 0xFF;
            } else if (marker == 0xDA) {
                break;
            }
            i += 2 + length;
        }
        if (jfif) {
            return true;
        }
        if (adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        return false; // no marker says so: trust the data set, whose Photometric Interpretation says RGB
    }

    /** The stream without its APPn segments, for decoders that refuse a malformed one (e.g. a short APP14). */
    static byte[] withoutAppSegments(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length);
        out.write(data, 0, 2);
        int i = 2;
        while (i + 4 <= data.length && (data[i] & 0xFF) == 0xFF) {
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xDA) {
                break;
            }
            int length = (data[i + 2] & 0xFF) << 8 | data[i + 3] & 0xFF;
            if (marker < 0xE0 || marker > 0xEF) {
                out.write(data, i, Math.min(2 + length, data.length - i));
            }
            i += 2 + length;
        }
        if (i < data.length) {
            out.write(data, i, data.length - i);
        }
        return out.toByteArray();
    }

    private static int sofMarker(byte[] data) {
        int i = 2;
        while (i + 4 <= data.length) {
            if ((data[i] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return marker;
            }
            i += 2 + ((data[i + 2] & 0xFF) << 8 | data[i + 3] & 0xFF);
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, int at, String text) {
        if (at + text.length() > data.length) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (data[at + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
