package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.index.InstanceEntity;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * {@code GET /api/collections/{slug}/quarantine} (admin): the instances held back because their pixels may show
 * burned-in text, by UID only, for a curator to review (docs/deidentification.md).
 */
@Path("/api/collections/{slug}/quarantine")
public class QuarantineResource {
    private final CollectionCatalog catalog;
    private final ReadAccess access;
    private final EntityManager entityManager;

    QuarantineResource(CollectionCatalog catalog, ReadAccess access, EntityManager entityManager) {
        this.catalog = catalog;
        this.access = access;
        this.entityManager = entityManager;
    }

    /** The UIDs of one quarantined instance. */
    public record QuarantinedInstance(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID) {
    }

    public record Quarantine(String collection, List<QuarantinedInstance> instances) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Quarantine list(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        ReadAccess.Reader reader = access.of(headers);
        if (!reader.admin()) {
            throw new DicomWebException(Status.UNAUTHORIZED, "The quarantine is for admins: send Authorization: Bearer <admin token>");
        }
        CollectionEntity collection = catalog.readable(slug, reader);
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
}
