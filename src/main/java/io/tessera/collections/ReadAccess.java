package io.tessera.collections;

import io.tessera.index.CollectionEntity;
import io.tessera.security.AdminToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who may read which collection: public ones are open to everyone; restricted ones, until grants exist, only to
 * callers presenting the admin token. Reads are not filtered by AdminTokenFilter, so the header is judged here.
 */
@ApplicationScoped
public class ReadAccess {
    private static final String BEARER = "bearer ";

    private final AdminToken adminToken;

    ReadAccess(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    /** What the caller behind {@code headers} may read. */
    public Reader of(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean admin = authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && adminToken.matches(authorization.substring(BEARER.length()).strip());
        return new Reader(admin);
    }

    /** One caller's read rights. */
    public record Reader(boolean admin) {
        public boolean mayRead(CollectionEntity collection) {
            return admin || collection.access == CollectionEntity.Access.PUBLIC;
        }
    }
}
