package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.index.InstanceEntity;
import io.tessera.ingest.QuarantineReview;
import io.tessera.security.Caller;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * {@code /api/collections/{slug}/quarantine} (admin): the instances held back because their pixels may show burned-in
 * text, by UID only, for a curator to review (docs/deidentification.md); after review, {@code POST
 * .../{instances|series}/{uid}/release} publishes them and {@code DELETE .../{instances|series}/{uid}} discards them.
 */
@Path("/api/collections/{slug}/quarantine")
public class QuarantineResource {
    private final CollectionCatalog catalog;
    private final Caller caller;
    private final EntityManager entityManager;

    private final QuarantineReview review;

    QuarantineResource(CollectionCatalog catalog, Caller caller, EntityManager entityManager,
                       QuarantineReview review) {
        this.catalog = catalog;
        this.caller = caller;
        this.entityManager = entityManager;
        this.review = review;
    }

    /** The UIDs of one quarantined instance. */
    public record QuarantinedInstance(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID) {
    }

    public record Quarantine(String collection, List<QuarantinedInstance> instances) {
    }

    /** What a review decision did: how many instances it released or discarded. */
    public record Decision(String collection, String decision, int instances) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Quarantine list(@PathParam("slug") String slug) {
        CollectionEntity collection = adminCollection(slug);
        List<QuarantinedInstance> instances = entityManager.createQuery("select st.studyInstanceUid,"
                        + " se.seriesInstanceUid, i.sopInstanceUid from InstanceEntity i join i.series se join se.study st"
                        + " where st.collection.id = :collection and i.status = :status"
                        + " order by st.studyInstanceUid, se.seriesInstanceUid, i.sopInstanceUid", Object[].class)
                .setParameter("collection", collection.id)
                .setParameter("status", InstanceEntity.Status.QUARANTINED)
                .getResultStream()
                .map(row -> new QuarantinedInstance((String) row[0], (String) row[1], (String) row[2]))
                .toList();
        return new Quarantine(slug, instances);
    }

    /** Publishes a quarantined instance, or every quarantined instance of a series; 404 when there is none. */
    @POST
    @Path("{level}/{uid}/release")
    @Produces(MediaType.APPLICATION_JSON)
    public Decision release(@PathParam("slug") String slug, @PathParam("level") String level,
                            @PathParam("uid") String uid) {
        CollectionEntity collection = adminCollection(slug);
        return decided(slug, "released", uid, review.release(collection.id, slug, scope(level), uid));
    }

    /** Deletes a quarantined instance, or every quarantined instance of a series, object and row; 404 when none. */
    @DELETE
    @Path("{level}/{uid}")
    @Produces(MediaType.APPLICATION_JSON)
    public Decision discard(@PathParam("slug") String slug, @PathParam("level") String level,
                            @PathParam("uid") String uid) {
        CollectionEntity collection = adminCollection(slug);
        return decided(slug, "discarded", uid, review.discard(collection.id, slug, scope(level), uid));
    }

    private CollectionEntity adminCollection(String slug) {
        if (!caller.isAdmin()) {
            throw new DicomWebException(Status.UNAUTHORIZED, "The quarantine is for admins: send Authorization: Bearer <admin token>");
        }
        return catalog.readable(slug);
    }

    private static QuarantineReview.Scope scope(String level) {
        return switch (level) {
            case "instances" -> QuarantineReview.Scope.INSTANCE;
            case "series" -> QuarantineReview.Scope.SERIES;
            default -> throw new DicomWebException(Status.NOT_FOUND, "Use .../quarantine/instances/{SOP Instance UID}"
                    + " or .../quarantine/series/{Series Instance UID}, not " + level);
        };
    }

    private static Decision decided(String slug, String decision, String uid, int instances) {
        if (instances == 0) {
            throw new DicomWebException(Status.NOT_FOUND, "Nothing with UID " + uid + " is quarantined in " + slug);
        }
        return new Decision(slug, decision, instances);
    }
}
