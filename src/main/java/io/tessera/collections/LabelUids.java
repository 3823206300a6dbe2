package io.tessera.collections;

import io.tessera.deid.DeidContext;
import io.tessera.deid.UidRemapper;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.ingest.CollectionDeidentification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Label rows of a de-identifying collection name its stored UIDs; a provider's label file names the original ones.
 * {@code ?uids=original} replaces every UID by the keyed replacement ingest gave it, {@code ?uids=stored} takes them
 * as they are, and {@code auto} (the default) keeps a UID that names a study, series or instance stored in the
 * collection and replaces any other. Stored UIDs are only ever learnt from the archive, so a label naming one comes
 * after its data; an original UID never names anything stored in a de-identifying collection. The originals are not
 * kept (docs/deidentification.md).
 */
@ApplicationScoped
class LabelUids {
    enum Form { AUTO, ORIGINAL, STORED }

    private static final int LOOKUP_BATCH = 500;

    private final CollectionDeidentification deidentification;
    private final EntityManager entityManager;

    LabelUids(CollectionDeidentification deidentification, EntityManager entityManager) {
        this.deidentification = deidentification;
        this.entityManager = entityManager;
    }

    static Form form(String uids) {
        if (uids == null || uids.isBlank()) {
            return Form.AUTO;
        }
        try {
            return Form.valueOf(uids.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(Status.BAD_REQUEST, "uids must be original, stored or auto, not '" + uids + "'");
        }
    }

    /** The rows with the UIDs the collection stores. */
    List<LabelRow> asStored(CollectionEntity collection, List<LabelRow> rows, Form form) {
        DeidContext replacing = deidentification.contextOf(collection);
        if (replacing == null || form == Form.STORED) {
            return rows;
        }
        Set<String> stored = form == Form.AUTO ? storedAmong(collection.id, rows) : Set.of();
        UidRemapper remapper = replacing.uids();
        return rows.stream().map(row -> stored.contains(row.uid()) ? row
                : new LabelRow(row.level(), remapper.remap(row.uid()), row.label(), row.value(), row.reader())).toList();
    }

    /** Which of the rows' UIDs name a study, series or instance of the collection. */
    @SuppressWarnings("unchecked")
    private Set<String> storedAmong(long collectionId, List<LabelRow> rows) {
        List<String> uids = rows.stream().map(LabelRow::uid).distinct().toList();
        Set<String> stored = new HashSet<>();
        for (int start = 0; start < uids.size(); start += LOOKUP_BATCH) {
            List<String> batch = uids.subList(start, Math.min(uids.size(), start + LOOKUP_BATCH));
            for (String sql : List.of(
                    "SELECT st.study_instance_uid FROM study st WHERE st.collection_id = :c AND st.study_instance_uid IN (:u)",
                    "SELECT se.series_instance_uid FROM series se JOIN study st ON st.id = se.study_id"
                            + " WHERE st.collection_id = :c AND se.series_instance_uid IN (:u)",
                    "SELECT i.sop_instance_uid FROM instance i JOIN series se ON se.id = i.series_id"
                            + " JOIN study st ON st.id = se.study_id WHERE st.collection_id = :c AND i.sop_instance_uid IN (:u)")) {
                stored.addAll(entityManager.createNativeQuery(sql).setParameter("c", collectionId)
                        .setParameter("u", batch).getResultList());
            }
        }
        return stored;
    }
}
