package io.tessera.dicom;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Transfer syntaxes of PS3.5 Section 10 and Annex A. Every syntax not listed here is treated as an encapsulated
 * Explicit VR Little Endian syntax, which is what PS3.5 A.4 requires of all compressed syntaxes.
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian, boolean deflated,
                             boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN =
            encapsulated("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian");
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);
    public static final TransferSyntax JPEG_BASELINE = encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)");
    public static final TransferSyntax JPEG_EXTENDED = encapsulated("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)");
    public static final TransferSyntax JPEG_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)");
    public static final TransferSyntax JPEG_LOSSLESS_SV1 = encapsulated("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])");
    public static final TransferSyntax JPEG_LS_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression");
    public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression");
    public static final TransferSyntax JPEG_2000_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)");
    public static final TransferSyntax JPEG_2000 = encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression");
    public static final TransferSyntax JPEG_2000_MC_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)");
    public static final TransferSyntax JPEG_2000_MC = encapsulated("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression");
    public static final TransferSyntax MPEG2_MAIN = encapsulated("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");
    public static final TransferSyntax MPEG2_MAIN_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level");
    public static final TransferSyntax MPEG2_HIGH = encapsulated("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level");
    public static final TransferSyntax MPEG2_HIGH_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level");
    public static final TransferSyntax MPEG4_HP41 = encapsulated("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1");
    public static final TransferSyntax MPEG4_HP41_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1");
    public static final TransferSyntax MPEG4_HP41_BD = encapsulated("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1");
    public static final TransferSyntax MPEG4_HP41_BD_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1");
    public static final TransferSyntax MPEG4_HP42_2D = encapsulated("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video");
    public static final TransferSyntax MPEG4_HP42_2D_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video");
    public static final TransferSyntax MPEG4_HP42_3D = encapsulated("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video");
    public static final TransferSyntax MPEG4_HP42_3D_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video");
    public static final TransferSyntax MPEG4_HP42_STEREO = encapsulated("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2");
    public static final TransferSyntax MPEG4_HP42_STEREO_FRAGMENTABLE = encapsulated("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2");
    public static final TransferSyntax HEVC_MP51 = encapsulated("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1");
    public static final TransferSyntax HEVC_M10P51 = encapsulated("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1");
    public static final TransferSyntax JPEG_XL_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.110", "JPEG XL Lossless");
    public static final TransferSyntax JPEG_XL_RECOMPRESSION = encapsulated("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression");
    public static final TransferSyntax JPEG_XL = encapsulated("1.2.840.10008.1.2.4.112", "JPEG XL");
    public static final TransferSyntax HTJ2K_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)");
    public static final TransferSyntax HTJ2K_LOSSLESS_RPCL = encapsulated("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)");
    public static final TransferSyntax HTJ2K = encapsulated("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression");
    public static final TransferSyntax RLE_LOSSLESS = encapsulated("1.2.840.10008.1.2.5", "RLE Lossless");

    private static final Map<String, TransferSyntax> BY_UID = Stream.of(
                    IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN,
                    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN, JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS,
                    JPEG_LOSSLESS_SV1, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, JPEG_2000_LOSSLESS, JPEG_2000,
                    JPEG_2000_MC_LOSSLESS, JPEG_2000_MC, MPEG2_MAIN, MPEG2_MAIN_FRAGMENTABLE, MPEG2_HIGH,
                    MPEG2_HIGH_FRAGMENTABLE, MPEG4_HP41, MPEG4_HP41_FRAGMENTABLE, MPEG4_HP41_BD, MPEG4_HP41_BD_FRAGMENTABLE,
                    MPEG4_HP42_2D, MPEG4_HP42_2D_FRAGMENTABLE, MPEG4_HP42_3D, MPEG4_HP42_3D_FRAGMENTABLE, MPEG4_HP42_STEREO,
                    MPEG4_HP42_STEREO_FRAGMENTABLE, HEVC_MP51, HEVC_M10P51, JPEG_XL_LOSSLESS, JPEG_XL_RECOMPRESSION, JPEG_XL,
                    HTJ2K_LOSSLESS, HTJ2K_LOSSLESS_RPCL, HTJ2K, RLE_LOSSLESS)
            .collect(Collectors.toUnmodifiableMap(TransferSyntax::uid, Function.identity()));

    private static TransferSyntax encapsulated(String uid, String name) {
        return new TransferSyntax(uid, name, true, false, false, true);
    }

    /** The syntax for a UID; unknown UIDs are taken as encapsulated Explicit VR Little Endian (PS3.5 A.4). */
    public static TransferSyntax of(String uid) {
        TransferSyntax known = BY_UID.get(uid);
        return known != null ? known : encapsulated(uid, "Unknown (" + uid + ")");
    }

    public boolean isKnown() {
        return BY_UID.containsKey(uid);
    }
}
