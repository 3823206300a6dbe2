package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a {@link CollectionDefinition} and returns it normalized (trimmed, blanks as null, bare DOI, lower-case
 * enumerations, sorted options). Every problem is reported at once, in one 400, so an admin fixes them in one go.
 */
final class CollectionDefinitionValidator {
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> ACCESS = Set.of("public", "restricted");
    private static final Set<String> PROFILES = Set.of("none", "basic");
    /** PS3.16 CID 7050: the Basic profile and its options, as PS3.15 Table E.1-1 lists them. */
    private static final Set<String> OPTION_CODES = Set.of("113100", "113101", "113102", "113103", "113104",
            "113105", "113106", "113107", "113108", "113109", "113110", "113111", "113112");

    private final List<String> problems = new ArrayList<>();

    private CollectionDefinitionValidator() {
    }

    static CollectionDefinition validated(String slug, CollectionDefinition definition) {
        requireSlug(slug);
        if (definition == null) {
            throw new DicomWebException(Status.BAD_REQUEST, "The body must be a JSON object describing the collection");
        }
        return new CollectionDefinitionValidator().check(slug, definition);
    }

    /** Refuses a malformed slug with 400; any path that names a collection goes through here or a lookup. */
    static void requireSlug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new DicomWebException(Status.BAD_REQUEST,
                    "Invalid slug: use 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit");
        }
    }

    private CollectionDefinition check(String slug, CollectionDefinition definition) {
        String bodySlug = blankToNull(definition.slug());
        if (bodySlug != null && !bodySlug.equals(slug)) {
            problems.add("slug in the body (" + bodySlug + ") differs from the slug in the path (" + slug + ")");
        }
        String title = text("title", definition.title(), 512);
        if (title == null) {
            problems.add("title is required");
        }
        CollectionDefinition normalized = new CollectionDefinition(slug, title, doi(definition.doi()),
                text("version", definition.version(), 64),
                text("description", definition.description(), 16384),
                text("citation", definition.citation(), 4096),
                license(definition.license()),
                oneOf("access", definition.access(), ACCESS, "public"),
                deidentification(definition.deidentification()));
        if (!problems.isEmpty()) {
            throw new DicomWebException(Status.BAD_REQUEST, "Invalid collection: " + String.join("; ", problems));
        }
        return normalized;
    }

    private String doi(String value) {
        String doi = blankToNull(value);
        if (doi == null) {
            return null;
        }
        return Dois.parse(doi).orElseGet(() -> {
            problems.add("doi '" + doi + "' is not a DOI such as 10.7937/VTW4-X588");
            return null;
        });
    }

    private CollectionDefinition.License license(CollectionDefinition.License license) {
        if (license == null) {
            return new CollectionDefinition.License(null, null);
        }
        String url = text("license.url", license.url(), 2048);
        if (url != null && !isWebUrl(url)) {
            problems.add("license.url '" + url + "' is not an absolute http(s) URL");
        }
        return new CollectionDefinition.License(text("license.name", license.name(), 256), url);
    }

    private CollectionDefinition.Deidentification deidentification(CollectionDefinition.Deidentification deid) {
        String profile = oneOf("deidentification.profile", deid == null ? null : deid.profile(), PROFILES, "none");
        List<String> options = deid == null || deid.options() == null ? List.of() : deid.options();
        TreeSet<String> codes = new TreeSet<>();
        for (String option : options) {
            String code = option == null ? "" : option.strip();
            if (OPTION_CODES.contains(code)) {
                codes.add(code);
            } else {
                problems.add("deidentification.options: '" + option + "' is not a code from 113100 to 113112");
            }
        }
        if ("none".equals(profile) && !codes.isEmpty()) {
            problems.add("deidentification.options need profile 'basic'");
        }
        if (codes.contains("113106") && codes.contains("113107")) {
            problems.add("deidentification.options: 113106 (full dates) and 113107 (modified dates) exclude each other");
        }
        boolean publishBurnedIn = deid != null && Boolean.TRUE.equals(deid.publishBurnedIn());
        return new CollectionDefinition.Deidentification(profile, List.copyOf(codes), publishBurnedIn);
    }

    private String oneOf(String field, String value, Set<String> allowed, String absent) {
        String normalized = blankToNull(value);
        if (normalized == null) {
            return absent;
        }
        normalized = normalized.toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            problems.add(field + " must be one of " + new TreeSet<>(allowed) + ", not '" + value + "'");
        }
        return normalized;
    }

    private String text(String field, String value, int maxLength) {
        String normalized = blankToNull(value);
        if (normalized != null && normalized.length() > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
        }
        return normalized;
    }

    private static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
