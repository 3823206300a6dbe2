package io.tessera.security;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tessera.security.audit.AuditLog;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes and administrative requests answered 401 or 403 go to the audit log as {@code request.refused}: actor (the
 * token as {@link Identity#actor()} names it, {@code invalid token} for an unknown, expired or revoked one, or
 * {@code anonymous}), target {@code "<METHOD> <path>"}, outcome {@code refused}, detail the status and the remote
 * address. Administrative means anything under {@code /api}, reads included; refused reads elsewhere are not
 * recorded (a restricted collection answers 404 anyway).
 * <p>
 * A refusal may come from the pre-matching {@link AdminTokenFilter} on the event loop, before any worker thread or
 * token lookup, so the entry is written on a worker and the actor is resolved there from the Authorization header.
 * The response waits for the entry: a flood of refused writes is slowed down, not queued in memory.
 */
public class RefusalAudit {
    static final String ACTION = "request.refused";
    static final String INVALID_TOKEN = "invalid token";

    private final AdminToken adminToken;
    private final ApiTokens apiTokens;
    private final AuditLog audit;
    private final HttpServerRequest http;

    RefusalAudit(AdminToken adminToken, ApiTokens apiTokens, AuditLog audit, HttpServerRequest http) {
        this.adminToken = adminToken;
        this.apiTokens = apiTokens;
        this.audit = audit;
        this.http = http;
    }

    @ServerResponseFilter
    public Uni<Void> recordRefusal(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status != 401 && status != 403) {
            return Uni.createFrom().voidItem();
        }
        String path = AdminTokenFilter.normalizedPath(request.getUriInfo().getRequestUri());
        String method = request.getMethod();
        boolean write = !AdminTokenFilter.SAFE_METHODS.contains(method);
        boolean admin = path != null && (path.equals("/api") || path.startsWith("/api/"));
        if (!write && !admin) {
            return Uni.createFrom().voidItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        SocketAddress remote = http.remoteAddress();
        String detail = status + " from " + (remote == null ? "an unknown address" : remote.hostAddress());
        String target = method + " " + (path == null ? request.getUriInfo().getRequestUri().getRawPath() : path);
        return Uni.createFrom().item(() -> {
                    audit.recordAs(actor(authorization), ACTION, target, AuditLog.REFUSED, detail);
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }

    private String actor(String authorization) {
        Identity identity = Identity.of(authorization, adminToken, apiTokens);
        return identity.unknownToken() ? INVALID_TOKEN : identity.actor();
    }
}
