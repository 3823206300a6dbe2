package io.tessera.dicomweb;

import io.quarkus.arc.Arc;
import io.tessera.index.CollectionEntity;
import io.tessera.security.Caller;
import jakarta.ws.rs.core.Response.Status;
import java.util.Set;

/**
 * Which collections a DICOMweb request sees. Every resource class is mounted under
 * {@value #ROOT_TEMPLATE}, so {@code /dicomweb/...} sees every collection the caller may read and
 * {@code /dicomweb/collections/{slug}/...} sees only that one.
 *
 * @param collectionId  the one collection in scope, or null for all
 * @param root          the path of the DICOMweb root this request came through, e.g. "/dicomweb/collections/ricord-1a"
 * @param collectionIds the collections a query must stay within, or null when the caller may read every one (so
 *                      that the common case of an open archive costs no filter); may be empty
 */
public record CollectionScope(Long collectionId, String slug, String root, Set<Long> collectionIds) {
    /** JAX-RS path template of both roots; resource classes append their resource, e.g. ROOT_TEMPLATE + "/studies". */
    public static final String ROOT_TEMPLATE = "/dicomweb{scope:(/collections/[^/]+)?}";

    private static final String COLLECTIONS = "/collections/";

    /**
     * Resolves the {@code scope} path parameter for a read; an unknown collection is 404, the same as one the caller
     * may not read.
     */
    public static CollectionScope of(String scope) {
        Caller caller = caller();
        if (scope == null || scope.isEmpty()) {
            return new CollectionScope(null, null, "/dicomweb",
                    caller.readsEveryCollection() ? null : caller.readableCollectionIds());
        }
        String slug = scope.substring(COLLECTIONS.length());
        CollectionEntity collection = caller.requireReadable(CollectionEntity.find("slug", slug).firstResult(),
                "No such collection: " + slug);
        return new CollectionScope(collection.id, collection.slug, "/dicomweb" + scope, Set.of(collection.id));
    }

    /**
     * Resolves the {@code scope} path parameter for STOW-RS: the collection named, or {@code defaultSlug} for the
     * root. The caller needs an UPLOAD grant on it (or the admin token): 403 when it may read the collection, else
     * 404, so uploading reveals no restricted collection.
     */
    public static CollectionScope forUpload(String scope, String defaultSlug) {
        boolean root = scope == null || scope.isEmpty();
        String slug = root ? defaultSlug : scope.substring(COLLECTIONS.length());
        CollectionEntity collection = CollectionEntity.find("slug", slug).firstResult();
        Caller caller = caller();
        if (collection == null && root) {
            throw new DicomWebException(Status.CONFLICT, "The default collection " + slug
                    + " does not exist; create it or store into a collection's root");
        }
        if (collection == null || !caller.canUpload(collection)) {
            caller.requireReadable(collection, "No such collection: " + slug);
            throw new DicomWebException(Status.FORBIDDEN, "This token has no UPLOAD grant on the collection " + slug);
        }
        return new CollectionScope(collection.id, collection.slug, root ? "/dicomweb" : "/dicomweb" + scope,
                Set.of(collection.id));
    }

    public boolean isAll() {
        return collectionId == null;
    }

    /** Whether queries must be limited to {@link #collectionIds}. */
    public boolean isFiltered() {
        return collectionIds != null;
    }

    /** The request's caller; a static lookup because scopes are resolved from static context in every resource. */
    private static Caller caller() {
        return Arc.container().instance(Caller.class).get();
    }
}
