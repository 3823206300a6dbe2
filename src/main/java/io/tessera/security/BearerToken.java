package io.tessera.security;

import java.util.Optional;

/** The credential of an {@code Authorization: Bearer <token>} header (RFC 6750 2.1; the scheme is case-insensitive). */
final class BearerToken {
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** The token of a Bearer header; empty for no header, another scheme, or a blank token. */
    static Optional<String> of(String authorization) {
        if (!isBearer(authorization)) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
