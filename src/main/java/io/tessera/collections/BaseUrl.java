package io.tessera.collections;

import jakarta.ws.rs.core.UriInfo;

/** The server's address as the client reached it, without a trailing slash: what download URLs start with. */
final class BaseUrl {
    private BaseUrl() {
    }

    static String of(UriInfo uri) {
        return uri.getBaseUri().toString().replaceAll("/+$", "");
    }
}
