package io.tessera.security;

import java.util.Optional;

/**
 * Who an Authorization header names: the admin, an active API token, nobody (no bearer token) or a bearer token that
 * is neither (unknown, expired or revoked). Resolved per request by {@link Caller}, and by {@link RefusalAudit} on
 * its worker thread, where the request's Caller may never have been resolved.
 */
record Identity(boolean admin, ApiTokenEntity token, boolean unknownToken) {
    private static final Identity ANONYMOUS = new Identity(false, null, false);

    /** Looks an API token up in the database: not on the event loop. */
    static Identity of(String authorization, AdminToken adminToken, ApiTokens apiTokens) {
        Optional<String> presented = BearerToken.of(authorization);
        if (presented.isEmpty()) {
            return ANONYMOUS;
        }
        if (adminToken.matches(presented.get())) {
            return new Identity(true, null, false);
        }
        ApiTokenEntity token = apiTokens.findActive(presented.get()).orElse(null);
        return new Identity(false, token, token == null);
    }

    /** Who this is in the audit log: "admin", "token:<id>:<name>" or "anonymous". */
    String actor() {
        return admin ? "admin" : token != null ? "token:" + token.id + ":" + token.name : "anonymous";
    }
}
