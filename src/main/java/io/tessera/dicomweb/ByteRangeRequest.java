package io.tessera.dicomweb;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * The one byte range a download resumes with (RFC 9110 14.2): {@code bytes=first-[last]} or {@code bytes=-suffix}.
 * Several ranges, other units and nonsense are ignored and the whole body sent, as 14.2 allows; so is a range whose
 * {@code If-Range} names another version than the current ETag (13.1.5).
 *
 * @param first first byte sent
 * @param end   one past the last byte sent
 */
public record ByteRangeRequest(long first, long end) {
    public static final int RANGE_NOT_SATISFIABLE = 416;

    public long length() {
        return end - first;
    }

    /** "bytes first-last/total" */
    public String contentRange(long total) {
        return "bytes " + first + "-" + (end - 1) + "/" + total;
    }

    /**
     * The range to send of a body of {@code total} bytes tagged {@code etag} (null when the body has no ETag, so
     * that any If-Range fails), or null for all of it; 416 if none.
     */
    public static ByteRangeRequest select(String range, String ifRange, String etag, long total) {
        if (range == null || ifRange != null && !ifRange.strip().equals(etag)) {
            return null;
        }
        String spec = range.strip().toLowerCase(Locale.ROOT);
        if (!spec.startsWith("bytes=") || spec.contains(",")) {
            return null;
        }
        spec = spec.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).strip();
            String to = spec.substring(dash + 1).strip();
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || total == 0) {
                    throw unsatisfiable(total);
                }
                return new ByteRangeRequest(Math.max(0, total - suffix), total);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? total - 1 : Math.min(Long.parseLong(to), total - 1);
            if (first < 0 || !to.isEmpty() && Long.parseLong(to) < first) {
                return null;
            }
            if (first >= total) {
                throw unsatisfiable(total);
            }
            return new ByteRangeRequest(first, last + 1);
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    private static WebApplicationException unsatisfiable(long total) {
        return new WebApplicationException(Response.status(RANGE_NOT_SATISFIABLE)
                .header("Content-Range", "bytes */" + total).build());
    }
}
