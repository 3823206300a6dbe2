package io.tessera.security;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is asking, resolved once per request from its bearer token: the admin, an API token with its grants, or an
 * anonymous caller (no token). Every read surface asks {@link #canRead}; STOW-RS asks {@link #canUpload}.
 * Resources inject this (or ask {@code CollectionCatalog}) instead of reading the Authorization header themselves.
 * Resolution happens on first use, on a worker thread, since an API token is looked up in the database; it needs the
 * request, so decide before returning a {@code StreamingOutput}, not inside it.
 */
@RequestScoped
public class Caller {
    private final HttpServerRequest request;
    private final AdminToken adminToken;
    private final ApiTokens apiTokens;

    private Identity identity;
    private List<CollectionAccess> collections;

    /** The id and access of one collection; enough to decide visibility without loading collections whole. */
    private record CollectionAccess(long id, CollectionEntity.Access access) {
    }

    Caller(HttpServerRequest request, AdminToken adminToken, ApiTokens apiTokens) {
        this.request = request;
        this.adminToken = adminToken;
        this.apiTokens = apiTokens;
    }

    @PostConstruct
    void resolve() {
        identity = Identity.of(request.getHeader(HttpHeaders.AUTHORIZATION), adminToken, apiTokens);
    }

    public boolean isAdmin() {
        return identity.admin();
    }

    /** A bearer token was presented that is neither the admin token nor an active API token. */
    public boolean presentedUnknownToken() {
        return identity.unknownToken();
    }

    public boolean canRead(CollectionEntity collection) {
        return isAdmin() || collection.access == CollectionEntity.Access.PUBLIC
                || granted(collection.id, Permission.READ);
    }

    public boolean canUpload(CollectionEntity collection) {
        return isAdmin() || granted(collection.id, Permission.UPLOAD);
    }

    /** The collection, or 404 when the caller may not read it: forbidden looks the same as unknown. */
    public CollectionEntity requireReadable(CollectionEntity collection, String notFoundMessage) {
        if (collection == null || !canRead(collection)) {
            throw new DicomWebException(Status.NOT_FOUND, notFoundMessage);
        }
        return collection;
    }

    /** 401 (with a Bearer challenge) for anonymous callers and 403 for other tokens, unless this is the admin. */
    public void requireAdmin() {
        if (isAdmin()) {
            return;
        }
        if (identity.token() == null) {
            throw new NotAuthorizedException("This request needs Authorization: Bearer <admin token>",
                    "Bearer realm=\"tessera\"");
        }
        throw new ForbiddenException("This request needs the admin token");
    }

    /** Ids of every collection the caller may read; for queries that span collections (manifests, archives, NBIA). */
    public Set<Long> readableCollectionIds() {
        return collections().stream()
                .filter(c -> isAdmin() || c.access() == CollectionEntity.Access.PUBLIC || granted(c.id(), Permission.READ))
                .map(CollectionAccess::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether no collection is hidden from the caller, so that a query spanning collections needs no filter. */
    public boolean readsEveryCollection() {
        return isAdmin() || readableCollectionIds().size() == collections().size();
    }

    /** Who this is in the audit log: "admin", "token:<id>:<name>" or "anonymous". */
    public String actor() {
        return identity.actor();
    }

    private boolean granted(Long collectionId, Permission permission) {
        ApiTokenEntity token = identity.token();
        return token != null && token.grants.contains(new ApiTokenEntity.Grant(collectionId, permission));
    }

    private List<CollectionAccess> collections() {
        if (collections == null) {
            collections = CollectionEntity.getEntityManager()
                    .createQuery("select c.id, c.access from CollectionEntity c", Object[].class)
                    .getResultStream()
                    .map(row -> new CollectionAccess((Long) row[0], (CollectionEntity.Access) row[1]))
                    .toList();
        }
        return collections;
    }
}
