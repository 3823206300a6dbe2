package io.tessera.collections;

import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.CollectionEntity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

/**
 * DICOMweb-style {@code DELETE} of a study, series or instance under a collection's root (admin; the token filter
 * refuses everyone else): takes it out of the collection's current content, so QIDO-RS and WADO-RS no longer see it,
 * while published versions that hold it keep serving it (docs/versions.md). The unscoped root names no collection:
 * 404 there.
 */
@Path(CollectionScope.ROOT_TEMPLATE + "/studies")
public class RemovalResource {
    private final ContentRemoval removal;

    RemovalResource(ContentRemoval removal) {
        this.removal = removal;
    }

    @DELETE
    @Path("{study}")
    @Produces(MediaType.APPLICATION_JSON)
    public ContentRemoval.Removed study(@PathParam("scope") String scope, @PathParam("study") String study) {
        return remove(scope, study, null, null);
    }

    @DELETE
    @Path("{study}/series/{series}")
    @Produces(MediaType.APPLICATION_JSON)
    public ContentRemoval.Removed series(@PathParam("scope") String scope, @PathParam("study") String study,
                                         @PathParam("series") String series) {
        return remove(scope, study, series, null);
    }

    @DELETE
    @Path("{study}/series/{series}/instances/{instance}")
    @Produces(MediaType.APPLICATION_JSON)
    public ContentRemoval.Removed instance(@PathParam("scope") String scope, @PathParam("study") String study,
                                           @PathParam("series") String series,
                                           @PathParam("instance") String instance) {
        return remove(scope, study, series, instance);
    }

    private ContentRemoval.Removed remove(String scope, String study, String series, String instance) {
        if (scope == null || scope.isEmpty()) {
            throw new DicomWebException(Status.NOT_FOUND, "DELETE works under a collection's root:"
                    + " /dicomweb/collections/{slug}/studies/...");
        }
        Uids.require(study, "Study Instance UID");
        if (series != null) {
            Uids.require(series, "Series Instance UID");
        }
        if (instance != null) {
            Uids.require(instance, "SOP Instance UID");
        }
        CollectionScope resolved = CollectionScope.of(scope);
        CollectionEntity collection = CollectionEntity.findById(resolved.collectionId());
        return removal.remove(collection, study, series, instance);
    }
}
