package io.tessera.collections;

import io.tessera.index.CollectionEntity;
import io.tessera.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who may read which collection, in the shape the collections resources ask for; the decision is the request's
 * {@link Caller}'s (public collections for everyone, restricted ones for the admin and tokens with a READ grant).
 */
@ApplicationScoped
public class ReadAccess {
    private final Caller caller;

    ReadAccess(Caller caller) {
        this.caller = caller;
    }

    /**
     * What the caller of this request may read. {@code headers} is no longer consulted (the caller is resolved once
     * per request); the parameter stays until every resource asks {@link Caller} directly.
     */
    public Reader of(HttpHeaders headers) {
        return new Reader(caller);
    }

    /** One caller's read rights. */
    public record Reader(Caller caller) {
        public boolean admin() {
            return caller.isAdmin();
        }

        public boolean mayRead(CollectionEntity collection) {
            return caller.canRead(collection);
        }
    }
}
