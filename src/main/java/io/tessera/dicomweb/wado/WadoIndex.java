package io.tessera.dicomweb.wado;

import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicom.io.Frame;
import io.tessera.dicomweb.StoredInstanceQuery;
import io.tessera.index.FrameRanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index lookups of WADO-RS: which stored instances a request names (one query per request, in series number
 * then instance number order), and the per-instance blobs kept in the index (metadata, frame ranges).
 * Only STORED instances exist for reads; a scoped root sees only its collection.
 */
@ApplicationScoped
class WadoIndex {
    private static final String STORED_COLUMNS = "i.id, st.studyInstanceUid, se.seriesInstanceUid,"
            + " i.sopInstanceUid, i.transferSyntaxUid, i.objectKey, i.sizeBytes, i.sha256, i.numberOfFrames";
    private static final String SELECT_STORED =
            "select new io.tessera.dicomweb.wado.StoredInstance(" + STORED_COLUMNS + ")";
    private static final String SELECT_FRAMED =
            "select new io.tessera.dicomweb.wado.FramedInstance(" + STORED_COLUMNS + ", i.frameRanges)";

    @Inject
    EntityManager entityManager;

    /**
     * The stored instances of a study, a series (series not null) or one instance (sop not null as well);
     * 404 when there are none.
     */
    @Transactional
    List<StoredInstance> instances(CollectionScope scope, String study, String series, String sop) {
        return new StoredInstanceQuery(scope, study, series, sop).list(entityManager, SELECT_STORED, StoredInstance.class);
    }

    /**
     * One stored instance with its frame locations, for Retrieve Frames; 404 when absent. A single read needs no
     * transaction of its own (the request's session reads at the database's read-committed level).
     */
    FramedInstance framedInstance(CollectionScope scope, String study, String series, String sop) {
        return new StoredInstanceQuery(scope, study, series, sop)
                .list(entityManager, SELECT_FRAMED, FramedInstance.class).get(0);
    }

    /** The gzipped DICOM JSON of each instance, by id (instances without metadata are absent). */
    @Transactional
    Map<Long, byte[]> metadata(List<Long> ids) {
        List<Object[]> rows = entityManager.createQuery(
                        "select i.id, i.metadataGz from InstanceEntity i where i.id in :ids", Object[].class)
                .setParameter("ids", ids)
                .getResultList();
        Map<Long, byte[]> metadata = new HashMap<>(rows.size() * 2);
        for (Object[] row : rows) {
            if (row[1] != null) {
                metadata.put((Long) row[0], (byte[]) row[1]);
            }
        }
        return metadata;
    }

    /** The recorded frame locations of an instance ({@link FrameRanges}); empty when none. */
    @Transactional
    List<Frame> frames(long id) {
        byte[] encoded = entityManager.createQuery("select i.frameRanges from InstanceEntity i where i.id = :id",
                        byte[].class)
                .setParameter("id", id)
                .getSingleResult();
        return encoded == null ? List.of() : FrameRanges.decode(encoded);
    }
}
