package io.tessera.collections;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.index.ObjectReferences;
import io.tessera.index.StudyEntity;
import io.tessera.security.audit.AuditLog;
import io.tessera.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Takes studies, series or instances out of a collection's current content (admin removal), or withdraws them from
 * every version too (docs/versions.md). The index changes in one transaction; objects are deleted only after it has
 * committed and only when nothing in the index points at them any more ({@link ObjectReferences}): a published
 * version keeps a removed instance's object, a withdrawal lets it go. A crash between the two leaves an orphan
 * object for the sweeper, never a row without its object.
 */
@ApplicationScoped
public class ContentRemoval {
    private static final Logger LOG = Logger.getLogger(ContentRemoval.class);
    private static final int MAX_NOTE = 4096;

    /** What a removal did: instance rows deleted, objects deleted, objects kept because a version holds them. */
    public record Removed(int instances, int objectsDeleted, int objectsKeptForVersions) {
    }

    /** What a withdrawal did. */
    public record Withdrawn(long id, OffsetDateTime withdrawn, String note, int tombstones, List<Integer> versions,
                            int removedFromCurrent, int objectsDeleted) {
    }

    /** The committed index part of a removal; {@code keys} are the objects that may now be unreferenced. */
    private record Dropped(int instances, Set<String> keys) {
    }

    /** The committed index part of a withdrawal. */
    private record Tombstoned(long withdrawalId, OffsetDateTime at, int tombstones, List<Integer> versions,
                              Dropped current) {
    }

    private final EntityManager entityManager;
    private final ObjectReferences references;
    private final BlobStore blobs;
    private final AuditLog audit;

    ContentRemoval(EntityManager entityManager, ObjectReferences references, BlobStore blobs, AuditLog audit) {
        this.entityManager = entityManager;
        this.references = references;
        this.blobs = blobs;
        this.audit = audit;
    }

    /**
     * Removes from the collection's current content the instances under the given UIDs ({@code seriesUid} and
     * {@code sopUid} may be null to remove a whole study or series); 404 when there are none.
     */
    public Removed remove(CollectionEntity collection, String studyUid, String seriesUid, String sopUid) {
        StringBuilder where = new StringBuilder("st.study_instance_uid = :study");
        if (seriesUid != null) {
            where.append(" AND se.series_instance_uid = :series");
        }
        if (sopUid != null) {
            where.append(" AND i.sop_instance_uid = :sop");
        }
        Map<String, Object> binds = new HashMap<>(Map.of("study", studyUid));
        if (seriesUid != null) {
            binds.put("series", seriesUid);
        }
        if (sopUid != null) {
            binds.put("sop", sopUid);
        }
        String target = collection.slug + "/" + studyUid + (seriesUid == null ? "" : "/" + seriesUid)
                + (sopUid == null ? "" : "/" + sopUid);
        Dropped done = QuarkusTransaction.requiringNew().call(() -> {
            List<String> keys = new ArrayList<>();
            int removed = removeCurrent(collection.id, where.toString(), binds, keys);
            if (removed == 0) {
                throw new DicomWebException(Status.NOT_FOUND, "No such instances in the collection " + collection.slug
                        + ": " + target);
            }
            audit.record("collection.remove", target, AuditLog.OK, removed + " instances");
            return new Dropped(removed, new LinkedHashSet<>(keys));
        });
        int deleted = deleteUnreferenced(done.keys());
        return new Removed(done.instances(), deleted, done.keys().size() - deleted);
    }

    /**
     * Withdraws the instances under {@code uids} (study, series or SOP Instance UIDs) from the collection: the rows
     * of every published version holding them become tombstones with the note, they leave the current content, and
     * their objects are deleted. 404 when no UID names anything of the collection.
     */
    public Withdrawn withdraw(CollectionEntity collection, List<String> uids, String note) {
        if (note == null || note.isBlank()) {
            throw new DicomWebException(Status.BAD_REQUEST, "A withdrawal needs a note saying why");
        }
        if (note.length() > MAX_NOTE) {
            throw new DicomWebException(Status.BAD_REQUEST, "note may have at most " + MAX_NOTE + " characters");
        }
        Set<String> named = new TreeSet<>(uids);
        Tombstoned done = QuarkusTransaction.requiringNew().call(() -> {
            long id = ((Number) entityManager.createNativeQuery("SELECT nextval('version_withdrawal_seq')")
                    .getSingleResult()).longValue();
            OffsetDateTime at = OffsetDateTime.now();
            entityManager.createNativeQuery("INSERT INTO version_withdrawal (id, collection_id, withdrawn_at, note)"
                            + " VALUES (:id, :c, :at, :note)")
                    .setParameter("id", id).setParameter("c", collection.id).setParameter("at", at)
                    .setParameter("note", note.strip()).executeUpdate();
            String versioned = " WHERE collection_id = :c AND withdrawal_id IS NULL"
                    + " AND (study_instance_uid IN (:uids) OR series_instance_uid IN (:uids)"
                    + " OR sop_instance_uid IN (:uids))";
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("SELECT object_key, first_version, end_version"
                            + " FROM version_instance" + versioned)
                    .setParameter("c", collection.id).setParameter("uids", named).getResultList();
            List<String> keys = new ArrayList<>();
            Set<Integer> versions = new TreeSet<>();
            int latest = latestNumber(collection.id);
            for (Object[] row : rows) {
                keys.add((String) row[0]);
                int end = row[2] == null ? latest + 1 : ((Number) row[2]).intValue();
                for (int v = ((Number) row[1]).intValue(); v < end; v++) {
                    versions.add(v);
                }
            }
            entityManager.createNativeQuery("UPDATE version_instance SET withdrawal_id = :w" + versioned)
                    .setParameter("w", id).setParameter("c", collection.id).setParameter("uids", named)
                    .executeUpdate();
            int removed = removeCurrent(collection.id, "(st.study_instance_uid IN (:uids)"
                    + " OR se.series_instance_uid IN (:uids) OR i.sop_instance_uid IN (:uids))",
                    Map.of("uids", named), keys);
            if (rows.isEmpty() && removed == 0) {
                throw new DicomWebException(Status.NOT_FOUND, "None of these UIDs names anything of the collection "
                        + collection.slug + ": " + String.join(", ", named));
            }
            audit.record("collection.withdraw", collection.slug, AuditLog.OK, rows.size() + " version rows, "
                    + removed + " current instances: " + String.join(" ", named));
            return new Tombstoned(id, at, rows.size(), List.copyOf(versions),
                    new Dropped(removed, new LinkedHashSet<>(keys)));
        });
        int deleted = deleteUnreferenced(done.current().keys());
        return new Withdrawn(done.withdrawalId(), done.at(), note.strip(), done.tombstones(), done.versions(),
                done.current().instances(), deleted);
    }

    private int latestNumber(long collectionId) {
        Object max = entityManager.createNativeQuery("SELECT MAX(number) FROM collection_version"
                + " WHERE collection_id = :c").setParameter("c", collectionId).getSingleResult();
        return max == null ? 0 : ((Number) max).intValue();
    }

    /**
     * Deletes the collection's instance rows matching {@code where} (over instance i, series se, study st), except
     * those an ingest is still writing (PENDING), adds their object keys to {@code keys}, and brings the counts,
     * sizes and modalities of their series and studies up to date, deleting series and studies left empty.
     * Returns how many rows went.
     */
    private int removeCurrent(long collectionId, String where, Map<String, Object> binds, List<String> keys) {
        var select = entityManager.createNativeQuery("SELECT i.id, i.object_key, se.id, st.id"
                + " FROM instance i JOIN series se ON se.id = i.series_id JOIN study st ON st.id = se.study_id"
                + " WHERE st.collection_id = :c AND i.status <> 'PENDING' AND " + where);
        select.setParameter("c", collectionId);
        binds.forEach(select::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        Set<Long> instances = new LinkedHashSet<>();
        Set<Long> series = new LinkedHashSet<>();
        Set<Long> studies = new LinkedHashSet<>();
        for (Object[] row : rows) {
            instances.add(((Number) row[0]).longValue());
            keys.add((String) row[1]);
            series.add(((Number) row[2]).longValue());
            studies.add(((Number) row[3]).longValue());
        }
        // studies first, as ingest locks them, so a concurrent store into one of them waits for this transaction
        entityManager.createNativeQuery("SELECT id FROM study WHERE id IN (:ids) FOR UPDATE")
                .setParameter("ids", studies).getResultList();
        entityManager.createNativeQuery("DELETE FROM instance WHERE id IN (:ids)")
                .setParameter("ids", instances).executeUpdate();
        entityManager.createNativeQuery("""
                        UPDATE series SET
                            number_of_instances = (SELECT COUNT(*) FROM instance i
                                                   WHERE i.series_id = series.id AND i.status = 'STORED'),
                            size_bytes = (SELECT COALESCE(SUM(i.size_bytes), 0) FROM instance i
                                          WHERE i.series_id = series.id AND i.status = 'STORED'),
                            updated_at = :now
                        WHERE id IN (:ids)""")
                .setParameter("ids", series).setParameter("now", OffsetDateTime.now()).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM series WHERE id IN (:ids)"
                        + " AND NOT EXISTS (SELECT 1 FROM instance i WHERE i.series_id = series.id)")
                .setParameter("ids", series).executeUpdate();
        entityManager.createNativeQuery("""
                        UPDATE study SET
                            number_of_series = (SELECT COUNT(*) FROM series se
                                                WHERE se.study_id = study.id AND se.number_of_instances > 0),
                            number_of_instances = (SELECT COALESCE(SUM(se.number_of_instances), 0) FROM series se
                                                   WHERE se.study_id = study.id),
                            size_bytes = (SELECT COALESCE(SUM(se.size_bytes), 0) FROM series se
                                          WHERE se.study_id = study.id),
                            updated_at = :now
                        WHERE id IN (:ids)""")
                .setParameter("ids", studies).setParameter("now", OffsetDateTime.now()).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM study WHERE id IN (:ids)"
                        + " AND NOT EXISTS (SELECT 1 FROM series se WHERE se.study_id = study.id)")
                .setParameter("ids", studies).executeUpdate();
        for (Long id : studies) {
            StudyEntity study = StudyEntity.findById(id);
            if (study != null) {
                study.refreshModalities();
            }
        }
        return instances.size();
    }

    /** Deletes the objects among {@code keys} that nothing in the index points at (read after the commit). */
    private int deleteUnreferenced(Set<String> keys) {
        Set<String> kept = references.referenced(keys);
        int deleted = 0;
        for (String key : keys) {
            if (kept.contains(key)) {
                continue;
            }
            try {
                blobs.delete(key);
                deleted++;
            } catch (IOException e) {
                LOG.warnf(e, "cannot delete %s; the orphan sweeper will", key);
            }
        }
        return deleted;
    }
}
