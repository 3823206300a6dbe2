package io.tessera.security.audit;

import io.quarkus.arc.Arc;
import io.tessera.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;

/**
 * Records writes and administrative actions. Joins the caller's transaction when there is one, so an action and its
 * entry commit or roll back together; otherwise commits the entry on its own. The actor is the request's
 * {@link Caller}, or "system" outside a request (start-up tasks, commands).
 */
@ApplicationScoped
public class AuditLog {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";

    private static final int MAX_TARGET = 512;
    private static final int MAX_DETAIL = 1024;

    @Transactional
    public void record(String action, String target, String outcome, String detail) {
        recordAs(currentActor(), action, target, outcome, detail);
    }

    /** For callers that know the actor better than the request's {@link Caller} (or run outside the request). */
    @Transactional
    public void recordAs(String actor, String action, String target, String outcome, String detail) {
        AuditEntryEntity entry = new AuditEntryEntity();
        entry.at = OffsetDateTime.now();
        entry.actor = actor;
        entry.action = action;
        entry.target = cut(target, MAX_TARGET);
        entry.outcome = outcome;
        entry.detail = cut(detail, MAX_DETAIL);
        entry.persist();
    }

    /** Whom {@link #record} names now; also for an entry another thread records later on the caller's behalf. */
    public String currentActor() {
        if (!Arc.container().requestContext().isActive()) {
            return "system";
        }
        return Arc.container().instance(Caller.class).get().actor();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
