package io.tessera.security;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Writes under {@code /dicomweb} and {@code /api} need {@code Authorization: Bearer <admin token>}, with one
 * exception: STOW-RS ({@code POST studies} and {@code POST studies/{uid}} under either DICOMweb root) also lets an API
 * token through, and the resource then requires its UPLOAD grant on the target collection. Reads (GET, HEAD,
 * OPTIONS, so CORS preflights too) stay open here; what they show is each resource's business ({@link Caller}).
 * Refusals are 401 with a {@code WWW-Authenticate} challenge as RFC 6750 3 describes.
 */
public class AdminTokenFilter {
    static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> PROTECTED_ROOTS = Set.of("dicomweb", "api");
    private static final Pattern STOW = Pattern.compile("/dicomweb(/collections/[^/]+)?/studies(/[^/]+)?/?");
    private static final String CHALLENGE = "Bearer realm=\"tessera\"";
    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    private final AdminToken token;
    private final Caller caller;

    AdminTokenFilter(AdminToken token, Caller caller) {
        this.token = token;
        this.caller = caller;
    }

    /**
     * Runs before routing, so that no write reaches a resource, or learns whether one exists, without a token. Only
     * compares against the admin token (no database on the event loop); API tokens are judged after routing.
     */
    @ServerRequestFilter(preMatching = true)
    public Response requireTokenForWrites(ContainerRequestContext request) {
        String path = normalizedPath(request.getUriInfo().getRequestUri());
        if (SAFE_METHODS.contains(request.getMethod()) || !isProtected(path)) {
            return null;
        }
        Optional<String> presented = BearerToken.of(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (presented.isEmpty()) {
            return refuse(CHALLENGE, "This request needs Authorization: Bearer <token>");
        }
        if (token.matches(presented.get()) || isStow(request.getMethod(), path)) {
            return null;
        }
        return refuse(INVALID_TOKEN, "The bearer token is not the admin token");
    }

    /**
     * A token that is neither the admin's nor an active API token (unknown, expired, revoked) is refused on every
     * request rather than read as anonymous, so that a client learns its token is bad instead of seeing less.
     */
    @ServerRequestFilter
    public Response refuseUnknownTokens() {
        return caller.presentedUnknownToken()
                ? refuse(INVALID_TOKEN, "The bearer token is unknown, expired or revoked")
                : null;
    }

    /** Judged on the normalized path, so "//dicomweb" or "/x/../api" cannot slip past; null when unparseable. */
    static String normalizedPath(URI uri) {
        String path = uri.normalize().getPath();
        return path == null ? null : ("/" + path).replaceAll("/+", "/");
    }

    private static boolean isStow(String method, String path) {
        return method.equals(HttpMethod.POST) && path != null && STOW.matcher(path).matches();
    }

    private static boolean isProtected(String path) {
        if (path == null) {
            return true;
        }
        String first = path.substring(1);
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
