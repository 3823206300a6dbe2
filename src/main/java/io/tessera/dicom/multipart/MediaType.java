package io.tessera.dicom.multipart;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A media type (RFC 9110 8.3.1): type and subtype in lower case, parameters in their original order with names
 * that compare ignoring case. {@link #parse} accepts the lenient forms HTTP clients send; {@link #toString} writes
 * the canonical form, quoting values only where the grammar needs it.
 */
public record MediaType(String type, String subtype, Map<String, String> parameters) {
    public static final MediaType APPLICATION_OCTET_STREAM = new MediaType("application", "octet-stream", Map.of());

    public MediaType {
        type = requireToken(type, "type").toLowerCase(Locale.ROOT);
        subtype = requireToken(subtype, "subtype").toLowerCase(Locale.ROOT);
        CaseInsensitiveMap copy = new CaseInsensitiveMap();
        parameters.forEach((name, value) -> {
            requireToken(name, "parameter name");
            if (copy.put(name, requireFieldText(value, name)) != null) {
                throw new IllegalArgumentException("duplicate media type parameter: " + name);
            }
        });
        parameters = Collections.unmodifiableMap(copy);
    }

    /** Parses a Content-Type or Accept element; throws IllegalArgumentException saying where it went wrong. */
    public static MediaType parse(String text) {
        return new Parser(Objects.requireNonNull(text, "media type")).mediaType();
    }

    /** "type/subtype" without parameters. */
    public String essence() {
        return type + "/" + subtype;
    }

    /** The value of a parameter, its name compared ignoring case; null if absent. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(essence());
        parameters.forEach((name, value) -> text.append("; ").append(name).append('=').append(quoteIfNeeded(value)));
        return text.toString();
    }

    /** tchar of RFC 9110 5.6.2: the characters allowed in type, subtype, parameter and header names. */
    static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(MediaType::isTokenChar);
    }

    private static boolean isTokenChar(int c) {
        return c < 0x7F && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static String requireToken(String text, String what) {
        if (text == null || !isToken(text)) {
            throw new IllegalArgumentException("invalid media type " + what + ": " + text);
        }
        return text;
    }

    /**
     * Whether a header or parameter value holds only what a quoted-string can carry (RFC 9110 5.5): no control
     * characters but tab, so no CR or LF that could inject header lines, and nothing beyond ISO-8859-1.
     */
    static boolean isFieldText(String value) {
        return value.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF);
    }

    private static String requireFieldText(String value, String name) {
        if (value == null || !isFieldText(value)) {
            throw new IllegalArgumentException("invalid value for media type parameter " + name + ": " + value);
        }
        return value;
    }

    private static String quoteIfNeeded(String value) {
        if (isToken(value)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        value.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append((char) c);
        });
        return quoted.append('"').toString();
    }

    /** Recursive descent over one media type; every method leaves the position after what it consumed. */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        MediaType mediaType() {
            skipWhitespace();
            String type = token("type");
            skipWhitespace();
            expect('/');
            skipWhitespace();
            String subtype = token("subtype");
            CaseInsensitiveMap parameters = new CaseInsensitiveMap();
            for (skipWhitespace(); !atEnd(); skipWhitespace()) {
                expect(';');
                skipWhitespace();
                if (atEnd() || peek() == ';') {
                    continue; // empty parameter, as in "a/b;" or "a/b;;c=d"
                }
                String name = token("parameter name");
                skipWhitespace();
                expect('=');
                skipWhitespace();
                if (parameters.put(name, value(name)) != null) {
                    throw error("duplicate parameter " + name);
                }
            }
            return new MediaType(type, subtype, parameters);
        }

        private String value(String name) {
            if (!atEnd() && peek() == '"') {
                return quotedString();
            }
            if (text.startsWith("\\\"", position)) {
                return backslashQuoted();
            }
            // Lenient: clients send unquoted values with '/', '=' and other separators, e.g. type=application/dicom.
            int start = position;
            while (!atEnd() && peek() != ';' && peek() > ' ' && peek() != '"' && peek() < 0x7F) {
                position++;
            }
            if (position == start) {
                throw error("missing value for parameter " + name);
            }
            return text.substring(start, position);
        }

        private String quotedString() {
            int start = position++;
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = text.charAt(position++);
                }
                value.append(c);
            }
            position = start;
            throw error("unterminated quoted string");
        }

        /** A value wrapped in \" ... \", as sent by clients that escape their quotes once too often. */
        private String backslashQuoted() {
            int start = position + 2;
            int end = text.indexOf("\\\"", start);
            if (end < 0) {
                throw error("unterminated \\\"-quoted value");
            }
            position = end + 2;
            return text.substring(start, end);
        }

        private String token(String what) {
            int start = position;
            while (!atEnd() && isTokenChar(peek())) {
                position++;
            }
            if (position == start) {
                throw error("expected a " + what);
            }
            return text.substring(start, position);
        }

        private void expect(char c) {
            if (atEnd() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            position++;
        }

        private void skipWhitespace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        private boolean atEnd() {
            return position >= text.length();
        }

        private char peek() {
            return text.charAt(position);
        }

        private IllegalArgumentException error(String problem) {
            String found = atEnd() ? "end of input" : "'" + peek() + "'";
            return new IllegalArgumentException("malformed media type \"" + text + "\": " + problem + " at position "
                    + position + ", found " + found);
        }
    }
}
