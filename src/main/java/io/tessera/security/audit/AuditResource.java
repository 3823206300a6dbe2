package io.tessera.security.audit;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/audit?since=&limit=} (admin): audit entries, newest first; {@code since} (ISO 8601 date-time with
 * offset) keeps those at or after it, {@code limit} defaults to 100 and is at most 1000.
 */
@Path("/api/audit")
public class AuditResource {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    /** An entry as the API shows it. */
    public record Entry(long id, OffsetDateTime at, String actor, String action, String target, String outcome,
                        String detail) {
    }

    private final Caller caller;

    AuditResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Entry> list(@QueryParam("since") String since, @QueryParam("limit") String limit) {
        caller.requireAdmin();
        OffsetDateTime from = since == null ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : dateTime(since);
        return AuditEntryEntity.<AuditEntryEntity>find("at >= ?1 order by at desc, id desc", from)
                .page(0, limit(limit))
                .list().stream()
                .map(e -> new Entry(e.id, e.at, e.actor, e.action, e.target, e.outcome, e.detail))
                .toList();
    }

    private static OffsetDateTime dateTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new DicomWebException(Status.BAD_REQUEST, "since must be an ISO 8601 date-time with offset,"
                    + " e.g. 2025-01-31T00:00:00Z");
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1) {
                return Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException notANumber) {
            // refused below, like a value out of range
        }
        throw new DicomWebException(Status.BAD_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
