package io.tessera.collections;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** DOI syntax (DOI Handbook 2.2): "10.", a registrant code, "/", a suffix of printable characters. */
final class Dois {
    private static final Pattern DOI = Pattern.compile("10\\.[0-9]{4,9}(\\.[0-9]+)*/\\S{1,240}");
    /** Forms people paste instead of the bare DOI; what follows them is the DOI. */
    private static final String[] PREFIXES = {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
            "http://dx.doi.org/", "doi:"};

    private Dois() {
    }

    /** The bare DOI in {@code text}, which may also be a doi.org URL or "doi:..."; empty when it is not a DOI. */
    static Optional<String> parse(String text) {
        String doi = text.strip();
        for (String prefix : PREFIXES) {
            if (doi.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                doi = doi.substring(prefix.length());
                break;
            }
        }
        return DOI.matcher(doi).matches() ? Optional.of(doi) : Optional.empty();
    }

    /** The doi.org link, with the characters that mean something in a URL percent-encoded (DOI Handbook 2.5.2.3). */
    static String resolverUrl(String doi) {
        StringBuilder url = new StringBuilder("https://doi.org/");
        for (char c : doi.toCharArray()) {
            switch (c) {
                case '%' -> url.append("%25");
                case '"' -> url.append("%22");
                case '#' -> url.append("%23");
                case '?' -> url.append("%3F");
                case '<' -> url.append("%3C");
                case '>' -> url.append("%3E");
                default -> url.append(c);
            }
        }
        return url.toString();
    }
}
