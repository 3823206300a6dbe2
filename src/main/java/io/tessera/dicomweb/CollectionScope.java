package io.tessera.dicomweb;

import io.tessera.index.CollectionEntity;
import jakarta.ws.rs.core.Response.Status;

/**
 * Which collections a DICOMweb request sees. Every resource class is mounted under
 * {@value #ROOT_TEMPLATE}, so {@code /dicomweb/...} sees every readable collection and
 * {@code /dicomweb/collections/{slug}/...} sees only that one.
 *
 * @param collectionId the one collection in scope, or null for all
 * @param root         the path of the DICOMweb root this request came through, e.g. "/dicomweb/collections/ricord-1a"
 */
public record CollectionScope(Long collectionId, String slug, String root) {
    /** JAX-RS path template of both roots; resource classes append their resource, e.g. ROOT_TEMPLATE + "/studies". */
    public static final String ROOT_TEMPLATE = "/dicomweb{scope:(/collections/[^/]+)?}";

    private static final String COLLECTIONS = "/collections/";

    /** Resolves the {@code scope} path parameter; an unknown collection is 404, the same as an unreadable one. */
    public static CollectionScope of(String scope) {
        if (scope == null || scope.isEmpty()) {
            return new CollectionScope(null, null, "/dicomweb");
        }
        String slug = scope.substring(COLLECTIONS.length());
        CollectionEntity collection = CollectionEntity.find("slug", slug).firstResult();
        if (collection == null) {
            throw new DicomWebException(Status.NOT_FOUND, "No such collection: " + slug);
        }
        return new CollectionScope(collection.id, collection.slug, "/dicomweb" + scope);
    }

    public boolean isAll() {
        return collectionId == null;
    }
}
