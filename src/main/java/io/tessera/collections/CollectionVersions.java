package io.tessera.collections;

import io.quarkus.panache.common.Sort;
import io.tessera.config.TesseraConfig;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.security.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes a collection's current content as its next version and answers what each version holds and changed
 * (docs/versions.md). A version's content is the {@code version_instance} rows whose range covers its number, and
 * the clinical snapshot it refers to.
 */
@ApplicationScoped
public class CollectionVersions {
    /** A version number as a request names it; "current" selects the collection's current content. */
    static final String CURRENT = "current";
    private static final int MAX_NOTES = 16384;

    /** The study, series or instance UID column of {@code version_instance}: the levels changes are told at. */
    enum Level {
        STUDY("study_instance_uid"), SERIES("series_instance_uid"), INSTANCE("sop_instance_uid");

        final String column;

        Level(String column) {
            this.column = column;
        }
    }

    /** What changed from the previous version. */
    enum Change { ADDED, CHANGED, REMOVED }

    /** Optional details of a new version. */
    public record PublishRequest(String doi, String releaseNotes) {
    }

    private final EntityManager entityManager;
    private final CitationWriter citations;
    private final TesseraConfig config;
    private final AuditLog audit;
    private final ClinicalStore clinical;

    CollectionVersions(EntityManager entityManager, CitationWriter citations, TesseraConfig config, AuditLog audit,
                       ClinicalStore clinical) {
        this.entityManager = entityManager;
        this.citations = citations;
        this.config = config;
        this.audit = audit;
        this.clinical = clinical;
    }

    /** The versions of the collection, oldest first. */
    public List<CollectionVersionEntity> all(CollectionEntity collection) {
        return CollectionVersionEntity.list("collection.id", Sort.by("number"), collection.id);
    }

    /** Version {@code text} of the collection: 400 when not a number, 404 when not published. */
    public CollectionVersionEntity require(CollectionEntity collection, String text) {
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DicomWebException(Status.BAD_REQUEST, "A version is a number such as 1, not " + text);
        }
        CollectionVersionEntity version = find(collection.id, number);
        if (version == null) {
            throw new DicomWebException(Status.NOT_FOUND, "The collection " + collection.slug + " has no version "
                    + number);
        }
        return version;
    }

    private static CollectionVersionEntity find(long collectionId, int number) {
        return CollectionVersionEntity.find("collection.id = ?1 and number = ?2", collectionId, number).firstResult();
    }

    /**
     * Whether the version's clinical table differs from the previous version's; for version 1, whether it has one.
     * Versions with the same table share its snapshot, so this compares snapshot ids.
     */
    boolean clinicalChanged(CollectionVersionEntity version) {
        Long previous = version.number == 1 ? null
                : find(version.collection.id, version.number - 1).clinicalSnapshotId;
        return !Objects.equals(version.clinicalSnapshotId, previous);
    }

    /**
     * What a manifest or archive's {@code version} parameter selects: that version; "current" or, while nothing is
     * published, no parameter means the current content (null); no parameter means the latest version otherwise.
     */
    public CollectionVersionEntity select(CollectionEntity collection, String text) {
        if (text == null) {
            return CollectionVersionEntity.<CollectionVersionEntity>find("collection.id", Sort.descending("number"),
                    collection.id).firstResult();
        }
        return text.strip().equals(CURRENT) ? null : require(collection, text.strip());
    }

    /** The latest version number of each collection that has one. */
    public Map<Long, Integer> latestNumbers(List<Long> collectionIds) {
        Map<Long, Integer> latest = new HashMap<>();
        if (collectionIds.isEmpty()) {
            return latest;
        }
        List<Object[]> rows = entityManager.createQuery("select v.collection.id, max(v.number)"
                        + " from CollectionVersionEntity v where v.collection.id in :ids group by v.collection.id",
                        Object[].class)
                .setParameter("ids", collectionIds)
                .getResultList();
        for (Object[] row : rows) {
            latest.put((Long) row[0], ((Number) row[1]).intValue());
        }
        return latest;
    }

    /**
     * Publishes the current content (STORED instances) of the collection as its next version, in one transaction:
     * rows of the latest version whose instance is gone or changed end here, and every instance the latest version
     * does not hold as it is now gets a row from here on; the clinical table is kept as a snapshot (shared with
     * the earlier versions that had the same table). 409 when neither the instances nor the clinical table changed
     * (or, for version 1, nothing is stored). Publications of one collection, and clinical imports, serialize on its
     * row.
     */
    @Transactional
    public CollectionVersionEntity publish(String slug, PublishRequest request, URI baseUri) {
        String doi = request == null || request.doi() == null || request.doi().isBlank() ? null
                : Dois.parse(request.doi()).orElseThrow(() -> new DicomWebException(Status.BAD_REQUEST,
                        "Not a DOI: " + request.doi() + " (expected e.g. 10.7937/VTW4-X588)"));
        String notes = request == null || request.releaseNotes() == null || request.releaseNotes().isBlank() ? null
                : request.releaseNotes();
        if (notes != null && notes.length() > MAX_NOTES) {
            throw new DicomWebException(Status.BAD_REQUEST, "releaseNotes may have at most " + MAX_NOTES
                    + " characters");
        }
        CollectionEntity collection = CollectionEntity.<CollectionEntity>find("slug", slug)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        Integer latest = latestNumbers(List.of(collection.id)).get(collection.id);
        int number = latest == null ? 1 : latest + 1;

        int ended = entityManager.createNativeQuery("""
                        UPDATE version_instance SET end_version = :n
                        WHERE collection_id = :c AND end_version IS NULL AND NOT EXISTS (
                            SELECT 1 FROM instance i JOIN series se ON se.id = i.series_id
                                 JOIN study st ON st.id = se.study_id
                            WHERE st.collection_id = :c AND i.status = 'STORED'
                              AND i.sop_instance_uid = version_instance.sop_instance_uid
                              AND i.object_key = version_instance.object_key
                              AND (st.patient_id = version_instance.patient_id
                                   OR st.patient_id IS NULL AND version_instance.patient_id IS NULL))""")
                .setParameter("n", number).setParameter("c", collection.id).executeUpdate();
        int begun = entityManager.createNativeQuery("""
                        INSERT INTO version_instance (id, collection_id, first_version, end_version, patient_id,
                            study_instance_uid, series_instance_uid, sop_instance_uid, modality, object_key,
                            size_bytes, sha256, crc32, withdrawal_id)
                        SELECT nextval('version_instance_seq'), :c, :n, NULL, st.patient_id, st.study_instance_uid,
                               se.series_instance_uid, i.sop_instance_uid, se.modality, i.object_key, i.size_bytes,
                               i.sha256, i.crc32, NULL
                        FROM instance i JOIN series se ON se.id = i.series_id JOIN study st ON st.id = se.study_id
                        WHERE st.collection_id = :c AND i.status = 'STORED' AND NOT EXISTS (
                            SELECT 1 FROM version_instance vi
                            WHERE vi.collection_id = :c AND vi.end_version IS NULL
                              AND vi.sop_instance_uid = i.sop_instance_uid AND vi.object_key = i.object_key)""")
                .setParameter("n", number).setParameter("c", collection.id).executeUpdate();
        Long snapshot = clinical.snapshot(collection.id).orElse(null);
        Long previousSnapshot = latest == null ? null : find(collection.id, latest).clinicalSnapshotId;
        boolean clinicalChanged = !Objects.equals(snapshot, previousSnapshot);
        if (latest == null && begun == 0) {
            throw new DicomWebException(Status.CONFLICT, "The collection " + slug
                    + " has no stored instances to publish");
        }
        if (ended == 0 && begun == 0 && !clinicalChanged) {
            throw new DicomWebException(Status.CONFLICT, "Nothing changed since version " + latest + " of " + slug);
        }

        collection.version = String.valueOf(number);
        CollectionVersionEntity version = new CollectionVersionEntity();
        version.collection = collection;
        version.number = number;
        version.publishedAt = OffsetDateTime.now();
        version.doi = doi;
        version.releaseNotes = notes;
        version.title = collection.title;
        version.collectionDoi = collection.doi;
        version.licenseName = collection.licenseName;
        version.licenseUrl = collection.licenseUrl;
        version.citation = collection.citation;
        version.clinicalSnapshotId = snapshot;
        version.licenseText = LicenseText.of(collection) + "\nVersion " + number + ", published "
                + version.publishedAt.toLocalDate() + (doi == null ? "" : ", DOI: " + Dois.resolverUrl(doi)) + "\n";
        version.citationBibtex = citations.write(CitationFormat.BIBTEX,
                CitationWriter.Cited.of(collection, config.collections().publisher(), baseUri));
        version.persist();
        audit.record("collection.version", slug, AuditLog.OK,
                "version " + number + ": " + begun + " instance rows begin, " + ended + " end, clinical table "
                        + (snapshot == null ? "none" : clinicalChanged ? "changed" : "unchanged"));
        return version;
    }

    /** Studies, series, instances, bytes and tombstones of a version. */
    record Contents(long studies, long series, long instances, long bytes, long withdrawn) {
    }

    Contents contents(CollectionVersionEntity version) {
        Object[] row = (Object[]) inVersion(version, """
                SELECT COUNT(DISTINCT x.study_instance_uid), COUNT(DISTINCT x.series_instance_uid),
                       SUM(CASE WHEN x.withdrawal_id IS NULL THEN 1 ELSE 0 END),
                       COALESCE(SUM(CASE WHEN x.withdrawal_id IS NULL THEN x.size_bytes ELSE 0 END), 0),
                       SUM(CASE WHEN x.withdrawal_id IS NULL THEN 0 ELSE 1 END)
                FROM version_instance x WHERE\s""" + aliveIn("x", ":a")).getSingleResult();
        return new Contents(number(row[0]), number(row[1]), number(row[2]), number(row[3]), number(row[4]));
    }

    /** The UIDs at {@code level} that {@code change} describes between the version and the one before it. */
    @SuppressWarnings("unchecked")
    List<String> changed(CollectionVersionEntity version, Level level, Change change) {
        return (List<String>) changeQuery(version, level, change, "SELECT DISTINCT t.uid FROM (", ") t ORDER BY t.uid")
                .getResultList();
    }

    long count(CollectionVersionEntity version, Level level, Change change) {
        return number(changeQuery(version, level, change, "SELECT COUNT(*) FROM (", ") t").getSingleResult());
    }

    /**
     * Added: at the level, in this version and not the previous one; removed: the other way round; changed: in both,
     * with an instance row that begins or ends at this version below it. Tombstones count as content.
     */
    private Query changeQuery(CollectionVersionEntity version, Level level, Change change, String head,
                              String tail) {
        String l = level.column;
        int n = version.number;
        String inner = switch (change) {
            case ADDED, REMOVED -> "SELECT DISTINCT x." + l + " AS uid FROM version_instance x WHERE "
                    + aliveIn("x", ":a") + " AND NOT EXISTS (SELECT 1 FROM version_instance y WHERE "
                    + aliveIn("y", ":b") + " AND y." + l + " = x." + l + ")";
            case CHANGED -> "SELECT DISTINCT r." + l + " AS uid FROM version_instance r WHERE r.collection_id = :c"
                    + " AND (r.first_version = :a OR r.end_version = :a)"
                    + " AND EXISTS (SELECT 1 FROM version_instance x WHERE " + aliveIn("x", ":a")
                    + " AND x." + l + " = r." + l + ")"
                    + " AND EXISTS (SELECT 1 FROM version_instance y WHERE " + aliveIn("y", ":b")
                    + " AND y." + l + " = r." + l + ")";
        };
        return entityManager.createNativeQuery(head + inner + tail)
                .setParameter("c", version.collection.id)
                .setParameter("a", change == Change.REMOVED ? n - 1 : n)
                .setParameter("b", change == Change.REMOVED ? n : n - 1);
    }

    /** One withdrawal as a version shows it. */
    record Withdrawal(OffsetDateTime withdrawn, String note, long instances) {
    }

    List<Withdrawal> withdrawals(CollectionVersionEntity version) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = inVersion(version, """
                SELECT w.id, w.withdrawn_at, w.note, COUNT(*) FROM version_instance x
                JOIN version_withdrawal w ON w.id = x.withdrawal_id WHERE\s""" + aliveIn("x", ":a")
                + " GROUP BY w.id, w.withdrawn_at, w.note ORDER BY w.id").getResultList();
        return rows.stream().map(row -> new Withdrawal(dateTime(row[1]), (String) row[2], number(row[3]))).toList();
    }

    /** A native query over the version's rows: {@code :c} is its collection, {@code :a} its number. */
    private Query inVersion(CollectionVersionEntity version, String sql) {
        return entityManager.createNativeQuery(sql)
                .setParameter("c", version.collection.id)
                .setParameter("a", version.number);
    }

    /** The rows of the collection {@code :c} in the version bound to {@code parameter}. */
    private static String aliveIn(String alias, String parameter) {
        return alias + ".collection_id = :c AND " + alias + ".first_version <= " + parameter + " AND ("
                + alias + ".end_version IS NULL OR " + alias + ".end_version > " + parameter + ")";
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A TIMESTAMP WITH TIME ZONE as the JDBC driver hands it to a native query, in UTC. */
    private static OffsetDateTime dateTime(Object value) {
        Instant at = value instanceof OffsetDateTime offset ? offset.toInstant()
                : value instanceof Instant instant ? instant : ((Timestamp) value).toInstant();
        return at.atOffset(ZoneOffset.UTC);
    }
}
