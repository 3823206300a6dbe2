package io.tessera.collections;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A page being written: markup is appended as is, every value through {@link #text}, which escapes it for both
 * element content and quoted attributes. No template engine: the pages are small and this keeps escaping explicit.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(16_384);

    /** Appends markup written by us, never a value. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends a value, escaped; null appends nothing. */
    Html text(Object value) {
        if (value != null) {
            out.append(escape(value.toString()));
        }
        return this;
    }

    /** Appends {@code <a href="url">text</a>}, both escaped. */
    Html link(String url, Object text) {
        return raw("<a href=\"").text(url).raw("\">").text(text).raw("</a>");
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(ch);
            }
        }
        return escaped.toString();
    }

    /** A query parameter value. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
