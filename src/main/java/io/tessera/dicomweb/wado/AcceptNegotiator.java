package io.tessera.dicomweb.wado;

import io.tessera.dicom.multipart.MediaType;
import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Content negotiation of WADO-RS (PS3.18 8.7): reads an Accept header (or the {@code accept} query parameter,
 * which replaces it, PS3.18 8.3.3.1) as media ranges in order of quality, and picks the first one the stored data
 * can be sent in, as stored or decoded to native pixel data. Anything else is 406, saying which syntax and why.
 * <p>
 * Leniencies, for the clients in the field: {@code type} and {@code transfer-syntax} quoted or not; a range
 * that cannot be parsed is skipped rather than failing the request; {@code *}{@code /*} (or no Accept) means
 * "the default media type, as stored" rather than forcing a transcoding to the default syntax.
 */
final class AcceptNegotiator {
    private static final String TRANSFER_SYNTAX = "transfer-syntax";
    private static final Set<String> JSON_TYPES = Set.of("application/dicom+json", "application/json",
            "application/*", "*/*");

    private AcceptNegotiator() {
    }

    /**
     * The representation to answer with: the best-quality acceptable one, and among equally good ones the cheapest
     * (as stored before decoded). A range may be served by decoding stored data it cannot carry as is
     * ({@link Representation#decodes}).
     *
     * @param storedSyntaxes   transfer syntaxes of the data to send
     * @param singlePartAllowed whether the response is one body (one instance, one frame, one bulk value), so
     *                          that a bare media type such as {@code application/dicom} can be honoured
     */
    static Representation negotiate(String accept, WadoTarget target, Collection<String> storedSyntaxes,
                                    boolean singlePartAllowed) {
        return negotiate(accept, target, storedSyntaxes, candidate -> singlePartAllowed);
    }

    /** {@link #negotiate}, when whether one body is possible depends on the representation. */
    static Representation negotiate(String accept, WadoTarget target, Collection<String> storedSyntaxes,
                                    Predicate<Representation> singlePartAllowed) {
        List<MediaType> ranges = ranges(accept);
        String refusal = null;
        for (int from = 0, to; from < ranges.size(); from = to) {
            to = from + 1;
            while (to < ranges.size() && quality(ranges.get(to)) == quality(ranges.get(from))) {
                to++;
            }
            Representation decoded = null;
            for (MediaType range : ranges.subList(from, to)) {
                for (Representation candidate : candidates(range, target)) {
                    if (!candidate.multipart() && !singlePartAllowed.test(candidate)) {
                        refusal = refusal != null ? refusal : "several parts need multipart/related";
                    } else if (storedSyntaxes.stream().allMatch(candidate::serves)) {
                        return candidate;
                    } else if (storedSyntaxes.stream().allMatch(s -> candidate.serves(s) || candidate.decodes(s))) {
                        decoded = decoded != null ? decoded : candidate;
                    } else if (refusal == null) {
                        refusal = storedSyntaxes.stream().filter(s -> !candidate.serves(s) && !candidate.decodes(s))
                                .findFirst().map(candidate::refusal).orElseThrow();
                    }
                }
            }
            if (decoded != null) {
                return decoded;
            }
        }
        throw new DicomWebException(Status.NOT_ACCEPTABLE, "None of the accepted media types can be served"
                + (refusal != null ? ": " + refusal : "") + ". Accept transfer-syntax=* to receive the data as stored "
                + new TreeSet<>(storedSyntaxes) + ".");
    }

    /** Whether DICOM JSON metadata may be sent (PS3.18 10.4.1.1.3); multipart XML is not offered. */
    static boolean acceptsJson(String accept) {
        return ranges(accept).stream().anyMatch(range -> JSON_TYPES.contains(range.essence()));
    }

    /** Whether an Accept-Encoding header allows gzip (RFC 9110 12.5.3). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] nameAndParameters = coding.split(";", 2);
            String name = nameAndParameters[0].trim().toLowerCase(Locale.ROOT);
            boolean refused = nameAndParameters.length > 1 && codingQuality(nameAndParameters[1]) <= 0;
            if ((name.equals("gzip") || name.equals("x-gzip") || name.equals("*")) && !refused) {
                return true;
            }
        }
        return false;
    }

    /** The media ranges of an Accept value, best first (stable for equal q), refused (q=0) ones left out. */
    static List<MediaType> ranges(String accept) {
        List<MediaType> ranges = new ArrayList<>();
        if (accept == null || accept.isBlank()) {
            ranges.add(MediaType.parse("*/*"));
            return ranges;
        }
        for (String element : splitOutsideQuotes(accept)) {
            try {
                MediaType range = MediaType.parse(element);
                if (quality(range) > 0) {
                    ranges.add(range);
                }
            } catch (IllegalArgumentException unparsable) {
                // skipped: one malformed range must not hide the acceptable ones beside it
            }
        }
        ranges.sort(Comparator.comparingDouble((MediaType range) -> quality(range)).reversed());
        return ranges;
    }

    /** What one media range can mean for the target, most preferred first. */
    private static List<Representation> candidates(MediaType range, WadoTarget target) {
        String essence = range.essence();
        String syntax = range.parameter(TRANSFER_SYNTAX);
        if (essence.equals("*/*")) {
            WadoMediaType type = target.defaultType();
            // Bulk data answers */* with the value itself (range requests work), the rest as PS3.18's multipart.
            return target == WadoTarget.BULKDATA
                    ? List.of(new Representation(type, false, Representation.AS_STORED),
                              new Representation(type, true, Representation.AS_STORED))
                    : List.of(new Representation(type, true, Representation.AS_STORED));
        }
        boolean multipart = essence.equals("multipart/related") || essence.equals("multipart/*");
        Optional<WadoMediaType> type = multipart ? partType(range.parameter("type"), target)
                : WadoMediaType.byEssence(essence);
        if (type.isEmpty() || !target.allows(type.get())) {
            return List.of();
        }
        if (syntax == null) {
            // PS3.18 gives every media type a default syntax. Bulk data is the exception we make: its values
            // are not pixel data in a syntax, and OHIF asks for video and PDF bulk data without the parameter.
            syntax = target == WadoTarget.BULKDATA ? Representation.AS_STORED : type.get().defaultSyntax();
        } else if (!syntax.equals(Representation.AS_STORED) && type.get().isCompressed() && !type.get().carries(syntax)) {
            return List.of(); // e.g. image/jpeg with a JPEG 2000 syntax: no such thing
        }
        return List.of(new Representation(type.get(), multipart, syntax.trim()));
    }

    /** The {@code type} parameter of multipart/related; absent means the target's default (PS3.18 8.7.3.5.1). */
    private static Optional<WadoMediaType> partType(String type, WadoTarget target) {
        if (type == null) {
            return Optional.of(target.defaultType());
        }
        try {
            return WadoMediaType.byEssence(MediaType.parse(type).essence());
        } catch (IllegalArgumentException unparsable) {
            return Optional.empty();
        }
    }

    private static double quality(MediaType range) {
        String q = range.parameter("q");
        return q == null ? 1 : parseQuality(q);
    }

    private static double codingQuality(String parameters) {
        for (String parameter : parameters.split(";")) {
            String[] nameAndValue = parameter.split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].trim().equalsIgnoreCase("q")) {
                return parseQuality(nameAndValue[1]);
            }
        }
        return 1;
    }

    private static double parseQuality(String q) {
        try {
            return Double.parseDouble(q.trim());
        } catch (NumberFormatException malformed) {
            return 1; // a client that wrote a bad q still wants the type
        }
    }

    /** Splits at commas that are not inside a quoted string. */
    private static List<String> splitOutsideQuotes(String header) {
        List<String> elements = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                elements.add(header.substring(start, i));
                start = i + 1;
            }
        }
        elements.add(header.substring(start));
        return elements.stream().filter(element -> !element.isBlank()).toList();
    }
}
