package io.tessera.dicomweb.wado;

import io.tessera.dicom.io.ByteRange;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * The HTTP Range header of a single-part bulk data request (RFC 9110 14.2). One range of bytes is honoured;
 * anything else (several ranges, other units, nonsense) is ignored and the whole value sent, as 14.2 allows.
 */
final class RangeRequest {
    static final int RANGE_NOT_SATISFIABLE = 416;

    private RangeRequest() {
    }

    /** The part of a value of {@code length} bytes to send, or null for all of it; 416 when none can be sent. */
    static ByteRange select(String header, long length) {
        if (header == null || !header.trim().toLowerCase(Locale.ROOT).startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.trim().substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (first.isEmpty()) { // suffix range: the last N bytes
                long suffix = Long.parseLong(last);
                if (suffix <= 0) {
                    throw unsatisfiable(length);
                }
                start = Math.max(0, length - suffix);
                end = length - 1;
            } else {
                start = Long.parseLong(first);
                end = last.isEmpty() ? length - 1 : Math.min(Long.parseLong(last), length - 1);
                if (end < start && !last.isEmpty()) {
                    return null; // invalid range-spec: ignored
                }
            }
            if (start >= length) {
                throw unsatisfiable(length);
            }
            return new ByteRange(start, end - start + 1);
        } catch (IllegalArgumentException malformed) { // numbers that do not parse: ignored
            return null;
        }
    }

    static String contentRange(ByteRange range, long length) {
        return "bytes " + range.offset() + "-" + (range.end() - 1) + "/" + length;
    }

    private static WebApplicationException unsatisfiable(long length) {
        return new WebApplicationException(Response.status(RANGE_NOT_SATISFIABLE)
                .header("Content-Range", "bytes */" + length).build());
    }
}
