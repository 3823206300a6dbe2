package io.tessera.dicomweb.wado;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The media types WADO-RS serves instances, frames and bulk data in, each with the transfer syntaxes it can carry
 * and its default (PS3.18 8.7.3, Tables 8.7.3-2 to 8.7.3-5), and the syntaxes Tessera can produce in it by
 * decoding. The one table behind both content negotiation and the Content-Type of response parts.
 */
enum WadoMediaType {
    DICOM("application/dicom", List.of(), Set.of("1.2.840.10008.1.2.1"), "1.2.840.10008.1.2.1"),
    /** Uncompressed frames and bulk data; with transfer-syntax=* also stored compressed bytes, as OHIF asks. */
    OCTET_STREAM("application/octet-stream", List.of(), Set.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"),
            "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1.98"),
    JPEG("image/jpeg", List.of(), Set.of(),
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"),
    JPEG_LS("image/jls", List.of("image/x-jls"), Set.of(), "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"),
    JPEG_2000("image/jp2", List.of(), Set.of(), "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"),
    JPEG_2000_PART2("image/jpx", List.of(), Set.of(), "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93"),
    HTJ2K("image/jphc", List.of(), Set.of(),
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"),
    JPEG_XL("image/jxl", List.of(), Set.of(),
            "1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111", "1.2.840.10008.1.2.4.112"),
    // OHIF maps RLE to image/dicom-rle; PS3.18 names it image/x-dicom-rle.
    RLE("image/x-dicom-rle", List.of("image/dicom-rle"), Set.of(), "1.2.840.10008.1.2.5"),
    MPEG2("video/mpeg", List.of(), Set.of(), "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.100.1",
            "1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.101.1"),
    MPEG4("video/mp4", List.of(), Set.of(), "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.102.1",
            "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.103.1", "1.2.840.10008.1.2.4.104",
            "1.2.840.10008.1.2.4.104.1", "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.105.1",
            "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.106.1"),
    HEVC("video/H265", List.of(), Set.of(), "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108");

    private final String essence;
    private final List<String> aliases;
    private final Set<String> producible;
    private final List<String> transferSyntaxes;

    WadoMediaType(String essence, List<String> aliases, Set<String> producible, String defaultSyntax,
                  String... otherSyntaxes) {
        this.essence = essence;
        this.aliases = aliases;
        this.producible = producible;
        this.transferSyntaxes = Stream.concat(Stream.of(defaultSyntax), Stream.of(otherSyntaxes)).toList();
    }

    /**
     * Whether Tessera can produce this type in {@code transferSyntaxUid} from data stored otherwise, by decoding
     * ({@link io.tessera.render.Transcoder}): Explicit VR Little Endian instances, native little-endian frames and
     * bulk data (Implicit and Explicit VR frames are the same bytes). Tessera encodes no compressed syntax.
     */
    boolean producible(String transferSyntaxUid) {
        return producible.contains(transferSyntaxUid);
    }

    /** "type/subtype" as written in responses. */
    String essence() {
        return essence;
    }

    /** The syntax meant when a request names this type without a transfer-syntax parameter. */
    String defaultSyntax() {
        return transferSyntaxes.get(0);
    }

    boolean carries(String transferSyntaxUid) {
        return transferSyntaxes.contains(transferSyntaxUid);
    }

    /** Whether this is the frame media type of a pixel-data compression (not DICOM, not octet-stream). */
    boolean isCompressed() {
        return this != DICOM && this != OCTET_STREAM;
    }

    static Optional<WadoMediaType> byEssence(String essence) {
        return Stream.of(values())
                .filter(type -> type.essence.equalsIgnoreCase(essence)
                        || type.aliases.stream().anyMatch(essence::equalsIgnoreCase))
                .findFirst();
    }

    /** The compressed media type whose syntaxes include the stored one, e.g. image/jpeg for JPEG Lossless. */
    static Optional<WadoMediaType> compressedFor(String transferSyntaxUid) {
        return Stream.of(values()).filter(type -> type.isCompressed() && type.carries(transferSyntaxUid)).findFirst();
    }
}
