package io.tessera.dicomweb.rendered;

import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.StoredInstanceQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Index lookups of the rendered resources: the stored instances a request names, in series number then instance
 * number order, and the one to show for a study or a series (its representative instance).
 */
@ApplicationScoped
class RenderedIndex {
    @Inject
    EntityManager entityManager;

    /** One stored instance, as much as rendering needs. {@code rows} is null for instances without an image. */
    record Candidate(long id, String sopUid, String transferSyntaxUid, String objectKey, Integer rows,
                     byte[] frameRanges) {
    }

    /**
     * The instance to render: the one named, or for a series the middle one (by instance number) of those with an
     * image, or for a study the same in its first series that has images. 404 when nothing matches.
     */
    @Transactional
    Candidate representative(CollectionScope scope, String study, String series, String sop) {
        List<Object[]> rows = new StoredInstanceQuery(scope, study, series, sop).list(entityManager,
                "select i.id, i.sopInstanceUid, i.transferSyntaxUid, i.objectKey, i.rows, se.id", Object[].class);
        Object[] chosen = rows.get(0);
        if (sop == null) {
            List<Object[]> images = new ArrayList<>();
            for (Object[] row : rows) {
                boolean sameSeries = images.isEmpty() || images.get(0)[5].equals(row[5]);
                if (row[4] != null && sameSeries) {
                    images.add(row);
                }
            }
            if (images.isEmpty()) {
                throw new DicomWebException(Status.NOT_ACCEPTABLE, (series != null ? "Series " + series : "Study "
                        + study) + " has no instance with an image to render");
            }
            chosen = images.get((images.size() - 1) / 2);
        }
        byte[] ranges = entityManager.createQuery("select i.frameRanges from InstanceEntity i where i.id = :id",
                byte[].class).setParameter("id", chosen[0]).getSingleResult();
        return new Candidate((Long) chosen[0], (String) chosen[1], (String) chosen[2], (String) chosen[3],
                (Integer) chosen[4], ranges);
    }
}
