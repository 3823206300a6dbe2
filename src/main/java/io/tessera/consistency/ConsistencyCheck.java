package io.tessera.consistency;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.index.InstanceEntity;
import io.tessera.index.ObjectReferences;
import io.tessera.security.audit.AuditLog;
import io.tessera.storage.BlobStore;
import io.tessera.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Compares the index with the object store: every row that claims an object (STORED, QUARANTINED) must find it with
 * the recorded size, and with {@code deep} the recorded SHA-256; every object must be claimed by a row. Repair is
 * deliberately narrow: rows whose object is gone become MISSING (invisible to reads instead of failing them), and
 * orphan objects are deleted. Mismatched objects are reported, never touched: only a person can tell which side is
 * right. Objects younger than {@link #GRACE} are left out, since an ingest may be between writing and indexing them.
 */
@ApplicationScoped
public class ConsistencyCheck {
    private static final Logger LOG = Logger.getLogger(ConsistencyCheck.class);
    /** As the orphan sweeper's: far longer than an ingest takes between writing an object and indexing it. */
    static final Duration GRACE = Duration.ofMinutes(15);
    static final int MAX_LISTED = 1000;
    private static final int BATCH = 500;
    private static final List<InstanceEntity.Status> WITH_OBJECT =
            List.of(InstanceEntity.Status.STORED, InstanceEntity.Status.QUARANTINED);

    private final BlobStore blobs;
    private final EntityManager entityManager;
    private final AuditLog audit;
    private final ObjectReferences references;

    ConsistencyCheck(BlobStore blobs, EntityManager entityManager, AuditLog audit, ObjectReferences references) {
        this.blobs = blobs;
        this.entityManager = entityManager;
        this.audit = audit;
        this.references = references;
    }

    private record Row(long id, String sopInstanceUid, String objectKey, long size, String sha256) {
    }

    /** Collects findings of one kind, listing the first {@link #MAX_LISTED}. */
    private static final class Tally {
        private long count;
        private final List<String> listed = new ArrayList<>();

        void add(String finding) {
            if (count++ < MAX_LISTED) {
                listed.add(finding);
            }
        }

        ConsistencyReport.Findings findings() {
            return new ConsistencyReport.Findings(count, List.copyOf(listed));
        }
    }

    public ConsistencyReport run(boolean deep, boolean repair) throws IOException {
        Instant cutoff = Instant.now().minus(GRACE);
        Tally missing = new Tally();
        Tally sizes = new Tally();
        Tally hashes = new Tally();
        long checked = 0;
        long marked = 0;
        for (List<Row> batch = rowsAfter(0); !batch.isEmpty(); batch = rowsAfter(batch.get(batch.size() - 1).id())) {
            for (Row row : batch) {
                checked++;
                long size = blobs.size(row.objectKey());
                if (size < 0) {
                    missing.add(describe(row, "no object"));
                    if (repair) {
                        marked += markMissing(row);
                    }
                } else if (size != row.size()) {
                    sizes.add(describe(row, "recorded " + row.size() + " bytes, object has " + size));
                } else if (deep && !row.sha256().equals(sha256(row.objectKey()))) {
                    hashes.add(describe(row, "object's SHA-256 differs from the recorded " + row.sha256()));
                }
            }
        }
        Tally orphans = new Tally();
        long deleted = 0;
        for (String prefix : List.of(ObjectKeys.INSTANCE_PREFIX, ObjectKeys.TEMPORARY_PREFIX)) {
            deleted += orphans(prefix, cutoff, repair, orphans);
        }
        ConsistencyReport report = new ConsistencyReport(deep, repair, checked, missing.findings(), sizes.findings(),
                hashes.findings(), orphans.findings(), marked, deleted);
        audit.record("consistency.check", repair ? "repair" : "report", AuditLog.OK, summary(report));
        LOG.infof("Consistency check: %s", summary(report));
        return report;
    }

    private List<Row> rowsAfter(long id) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select i.id, i.sopInstanceUid, i.objectKey, i.sizeBytes, i.sha256 from InstanceEntity i"
                                + " where i.id > :after and i.status in :statuses order by i.id", Object[].class)
                .setParameter("after", id)
                .setParameter("statuses", WITH_OBJECT)
                .setMaxResults(BATCH)
                .getResultStream()
                .map(r -> new Row((Long) r[0], (String) r[1], (String) r[2], (Long) r[3], (String) r[4]))
                .toList());
    }

    /** Only if the row still points at that object: a replacing ingest may have moved it on meanwhile. */
    private int markMissing(Row row) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "update InstanceEntity i set i.status = :missing where i.id = :id and i.objectKey = :key"
                                + " and i.status in :statuses")
                .setParameter("missing", InstanceEntity.Status.MISSING)
                .setParameter("id", row.id())
                .setParameter("key", row.objectKey())
                .setParameter("statuses", WITH_OBJECT)
                .executeUpdate());
    }

    private long orphans(String prefix, Instant cutoff, boolean repair, Tally orphans) throws IOException {
        long deleted = 0;
        try (Stream<String> keys = blobs.list(prefix)) {
            List<String> batch = new ArrayList<>(BATCH);
            for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == BATCH || !it.hasNext()) {
                    // any row's object, whatever its status, and objects only a published version holds
                    Set<String> indexed = references.referenced(batch);
                    for (String key : batch) {
                        Instant written = blobs.lastModified(key);
                        if (indexed.contains(key) || written == null || !written.isBefore(cutoff)) {
                            continue;
                        }
                        orphans.add(key);
                        if (repair) {
                            blobs.delete(key);
                            deleted++;
                        }
                    }
                    batch.clear();
                }
            }
        }
        return deleted;
    }

    private String sha256(String key) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(blobs.get(key), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String describe(Row row, String problem) {
        return row.sopInstanceUid() + " (" + row.objectKey() + "): " + problem;
    }

    private static String summary(ConsistencyReport report) {
        return report.checkedInstances() + " instances checked" + (report.deep() ? " with SHA-256" : "")
                + "; missing " + report.missing().count() + ", size mismatches " + report.sizeMismatches().count()
                + ", hash mismatches " + report.hashMismatches().count() + ", orphan objects "
                + report.orphanObjects().count() + "; marked missing " + report.markedMissing()
                + ", orphans deleted " + report.deletedOrphans();
    }
}
