package io.tessera.security;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every write under {@code /dicomweb} and {@code /api} needs {@code Authorization: Bearer <admin token>}; reads
 * (GET, HEAD, OPTIONS, so CORS preflights too) stay open. Refusals are 401 with a {@code WWW-Authenticate}
 * challenge as RFC 6750 3 describes.
 */
public class AdminTokenFilter {
    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> PROTECTED_ROOTS = Set.of("dicomweb", "api");
    private static final String BEARER = "bearer ";

    private final AdminToken token;

    AdminTokenFilter(AdminToken token) {
        this.token = token;
    }

    /** Runs before routing, so that no write reaches a resource, or learns whether one exists, without the token. */
    @ServerRequestFilter(preMatching = true)
    public Response requireTokenForWrites(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod()) || !isProtected(request.getUriInfo().getRequestUri())) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse("Bearer realm=\"tessera\"", "This request needs Authorization: Bearer <admin token>");
        }
        if (!token.matches(authorization.substring(BEARER.length()).strip())) {
            return refuse("Bearer realm=\"tessera\", error=\"invalid_token\"", "The bearer token is not the admin token");
        }
        return null;
    }

    /** Judged on the normalized path, so "//dicomweb" or "/x/../api" cannot slip past. */
    private static boolean isProtected(URI uri) {
        String path = uri.normalize().getPath();
        if (path == null) {
            return true;
        }
        String first = path.replaceAll("/+", "/").replaceFirst("^/", "");
        int slash = first.indexOf('/');
        return PROTECTED_ROOTS.contains(slash < 0 ? first : first.substring(0, slash));
    }

    private static Response refuse(String challenge, String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message))
                .build();
    }
}
