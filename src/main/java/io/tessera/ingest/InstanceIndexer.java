package io.tessera.ingest;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.config.TesseraConfig;
import io.tessera.index.CollectionEntity;
import io.tessera.index.InstanceEntity;
import io.tessera.index.SeriesEntity;
import io.tessera.index.StudyEntity;
import io.tessera.security.audit.AuditLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;
import org.jboss.logging.Logger;

/**
 * Step (c) of ingest: records committed objects as STORED instances, creating their studies and series as needed and
 * keeping their counts, sizes and modalities current. Submitted instances are committed by one thread in groups
 * ({@link CommitQueue}): what has queued up, at once when someone awaits an outcome, else after a short linger, so
 * concurrent requests into one study no longer queue on its row lock and on a disk write each. A group that fails
 * is committed again instance by instance, so one bad instance fails alone. Within a transaction the study row is
 * locked first, so concurrent stores (another replica) into one study serialize their count updates; two
 * transactions creating the same study or series at once collide on its unique UID (or the later one finds the
 * series of a study it found absent), and the loser retries and finds the winner's row. Each decision is recorded in
 * the audit log in the transaction that makes it, so an instance is never stored without its entry, and a request
 * pays no transaction of its own for them.
 */
@ApplicationScoped
class InstanceIndexer {
    private static final int ATTEMPTS = 3;
    /** Instances per group transaction: enough to pay for a commit many times over, few enough to hold in memory. */
    private static final int MAX_GROUP = 64;
    private static final Logger LOG = Logger.getLogger(InstanceIndexer.class);

    /** What the transaction did with the new object. */
    sealed interface Result permits Stored, Unchanged, Replaced, Refused {
    }

    /** A new instance row points at the new object. */
    record Stored() implements Result {
    }

    /** The same bytes were stored already; the new object is not needed. */
    record Unchanged() implements Result {
    }

    /** The row now points at the new object; the superseded object can go once nobody reads it. */
    record Replaced(String supersededKey) implements Result {
    }

    /** Nothing was changed; the new object is not needed. */
    record Refused(FailureReason reason, String message) implements Result {
    }

    /** Everything the index keeps of one committed object; a quarantined one is kept but not published. */
    record NewInstance(InstanceHeader header, long collectionId, String objectKey, long size, String sha256,
                       long crc32, byte[] frameRanges, byte[] metadataGz, boolean quarantined, AuditedAs audited) {

        InstanceEntity.Status status() {
            return quarantined ? InstanceEntity.Status.QUARANTINED : InstanceEntity.Status.STORED;
        }
    }

    /** Who stores the instance, and its name in the audit log ({@link StoreOutcome#auditTarget}). */
    record AuditedAs(String actor, String target) {
    }

    /** An instance waiting for the group commit, and who waits for it. */
    private record Waiting(NewInstance instance, CompletableFuture<Result> result) {
    }

    private final EntityManager entityManager;
    private final AuditLog audit;
    private final boolean allowReplace;
    private final CommitQueue<Waiting> waiting = new CommitQueue<>(MAX_GROUP);
    private Thread committer;

    InstanceIndexer(EntityManager entityManager, AuditLog audit, TesseraConfig config) {
        this.entityManager = entityManager;
        this.audit = audit;
        this.allowReplace = config.ingest().allowReplace();
    }

    /** Queues the instance for the next group commit. */
    CompletableFuture<Result> submit(NewInstance instance) {
        Waiting entry = new Waiting(instance, new CompletableFuture<>());
        startCommitter();
        if (!waiting.add(entry)) {
            entry.result().completeExceptionally(new IllegalStateException("shutting down"));
        }
        return entry.result();
    }

    /** Waits for an outcome of {@link #submit}, having what is queued committed at once rather than after a while. */
    <R> R await(CompletableFuture<R> outcome) {
        return waiting.await(outcome);
    }

    /** Commits one instance in its own transaction, retrying conflicts with concurrent transactions. */
    Result commit(NewInstance instance) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew()
                        .call(() -> audited(instance, commitOnce(instance, new Locked())));
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !isDatabaseConflict(e)) {
                    throw e;
                }
            }
        }
    }

    private synchronized void startCommitter() {
        if (committer == null) {
            committer = new Thread(this::commitWaiting, "tessera-index-commit");
            committer.setDaemon(true);
            committer.start();
        }
    }

    /** Lets the group in progress finish; no interrupt, which would close the database's file channel under it. */
    @PreDestroy
    void stop() throws InterruptedException {
        waiting.close();
        Thread thread;
        synchronized (this) {
            thread = committer;
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        IllegalStateException shuttingDown = new IllegalStateException("shutting down");
        waiting.drain().forEach(left -> left.result().completeExceptionally(shuttingDown));
    }

    private void commitWaiting() {
        List<Waiting> group = new ArrayList<>();
        while (true) {
            try {
                if (!waiting.nextGroup(group)) {
                    return;
                }
                commitGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                LOG.errorf("index commit failed: %s", e.getClass().getName());
                group.forEach(entry -> entry.result().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commitGroup(List<Waiting> group) {
        if (group.size() > 1) {
            try {
                List<Result> results = QuarkusTransaction.requiringNew().call(() -> {
                    List<Result> decided = new ArrayList<>(group.size());
                    Locked locked = new Locked();
                    locked.instances.putAll(absentInstances(group));
                    for (Waiting entry : group) {
                        decided.add(audited(entry.instance(), commitOnce(entry.instance(), locked)));
                    }
                    return decided;
                });
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).result().complete(results.get(i));
                }
                return;
            } catch (RuntimeException e) {
                // rolled back whole: each on its own now, so that only the instance at fault fails
            }
        }
        for (Waiting entry : group) {
            try {
                entry.result().complete(commit(entry.instance()));
            } catch (RuntimeException e) {
                entry.result().completeExceptionally(e);
            }
        }
    }

    /**
     * The group's SOP Instance UIDs that no row has yet, found with one query, each mapped to null: new instances need
     * no look-up of their own. Existing ones are looked up and locked one by one, in the usual order. A row another
     * replica adds meanwhile collides on its unique UID at commit, and the group is retried instance by instance.
     */
    private Map<String, InstanceEntity> absentInstances(List<Waiting> group) {
        Set<String> uids = new HashSet<>();
        group.forEach(entry -> uids.add(entry.instance().header().sopInstanceUid()));
        uids.removeAll(entityManager.unwrap(Session.class).doReturningWork(connection -> storedAmong(connection, uids)));
        Map<String, InstanceEntity> absent = new HashMap<>();
        uids.forEach(uid -> absent.put(uid, null));
        return absent;
    }

    /**
     * Which of the UIDs have a row, in one statement whatever their number ({@code = ANY} of an array, which both
     * databases answer from the unique index). An IN list of the group's size made Hibernate translate its query anew
     * for every group: 2.4% of a STOW's CPU (docs/performance.md).
     */
    private static List<String> storedAmong(Connection connection, Set<String> uids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sop_instance_uid FROM instance WHERE sop_instance_uid = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("varchar", uids.toArray()));
            List<String> stored = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            return stored;
        }
    }

    /**
     * The rows a transaction has locked or created so far, by UID (null when absent): the next instance of a study or
     * series seen already needs no query, and the transaction's own new instances are found without flushing them.
     */
    private static final class Locked {
        final Map<String, StudyEntity> studies = new HashMap<>();
        final Map<String, SeriesEntity> series = new HashMap<>();
        final Map<String, InstanceEntity> instances = new HashMap<>();
    }

    /** Decides first, from the locked rows, and changes nothing unless the instance is to be stored. */
    private Result commitOnce(NewInstance n, Locked locked) {
        InstanceHeader header = n.header();
        StudyEntity study = lock(locked.studies, header.studyInstanceUid(),
                uid -> StudyEntity.find("studyInstanceUid", uid));
        if (study != null && !study.collection.id.equals(n.collectionId())) {
            return new Refused(FailureReason.PROCESSING_FAILURE, "study " + header.studyInstanceUid()
                    + " is stored in collection " + study.collection.slug + "; a study belongs to one collection");
        }
        SeriesEntity series = lock(locked.series, header.seriesInstanceUid(),
                uid -> SeriesEntity.find("seriesInstanceUid", uid));
        InstanceEntity existing = lock(locked.instances, header.sopInstanceUid(),
                uid -> InstanceEntity.find("sopInstanceUid", uid));
        if (study == null && (inStudy(series, header) || existing != null && inStudy(existing.series, header))) {
            // The study was absent when read, yet a series of it is there now: another replica committed them in
            // between (each statement of READ COMMITTED sees what is committed when it starts).
            throw new CreatedConcurrently("study " + header.studyInstanceUid());
        }
        if (series != null && (study == null || !series.study.id.equals(study.id))) {
            return new Refused(FailureReason.PROCESSING_FAILURE, "series " + header.seriesInstanceUid()
                    + " is stored in study " + series.study.studyInstanceUid);
        }
        if (existing != null) {
            if (existing.sha256.equals(n.sha256())) {
                return new Unchanged();
            }
            if (!allowReplace) {
                return new Refused(FailureReason.DUPLICATE_SOP_INSTANCE, "SOP Instance " + header.sopInstanceUid()
                        + " is stored already with other content (replacing is off: tessera.ingest.allow-replace)");
            }
            if (series == null || !existing.series.id.equals(series.id)) {
                return new Refused(FailureReason.DUPLICATE_SOP_INSTANCE, "SOP Instance " + header.sopInstanceUid()
                        + " is stored already in series " + existing.series.seriesInstanceUid);
            }
        }

        OffsetDateTime now = OffsetDateTime.now();
        if (study == null) {
            study = new StudyEntity();
            study.studyInstanceUid = header.studyInstanceUid();
            study.collection = entityManager.getReference(CollectionEntity.class, n.collectionId());
        }
        IndexColumns.fillStudy(study, header.dataset());
        study.updatedAt = now;
        study.persist();
        locked.studies.put(header.studyInstanceUid(), study);
        boolean newSeries = series == null;
        if (newSeries) {
            series = new SeriesEntity();
            series.seriesInstanceUid = header.seriesInstanceUid();
            series.study = study;
        }
        // Counts and sizes are of published (STORED) instances only, as QIDO returns them.
        boolean seriesWasPublished = series.numberOfInstances > 0;
        String modalityBefore = series.modality;
        IndexColumns.fillSeries(series, header.dataset());
        series.updatedAt = now;
        series.persist();
        locked.series.put(header.seriesInstanceUid(), series);

        Result result;
        if (existing == null) {
            InstanceEntity instance = new InstanceEntity();
            instance.series = series;
            instance.sopInstanceUid = header.sopInstanceUid();
            instance.createdAt = now;
            record(instance, n);
            instance.persist();
            locked.instances.put(header.sopInstanceUid(), instance);
            result = new Stored();
        } else {
            String supersededKey = existing.objectKey;
            count(series, study, existing.status, -1, existing.sizeBytes);
            record(existing, n);
            result = new Replaced(supersededKey);
        }
        count(series, study, n.status(), 1, n.size());
        boolean seriesIsPublished = series.numberOfInstances > 0;
        if (seriesIsPublished != seriesWasPublished) {
            study.numberOfSeries += seriesIsPublished ? 1 : -1;
        }
        if (seriesIsPublished != seriesWasPublished || modalityBefore == null && series.modality != null) {
            study.refreshModalities();
        }
        return result;
    }

    private static boolean inStudy(SeriesEntity series, InstanceHeader header) {
        return series != null && series.study.studyInstanceUid.equals(header.studyInstanceUid());
    }

    /** Records the decision on the instance in the audit log, in the transaction that makes it. */
    private Result audited(NewInstance n, Result result) {
        Refused refused = result instanceof Refused r ? r : null;
        audit.recordAs(n.audited().actor(), StoreOutcome.AUDIT_ACTION, n.audited().target(),
                refused == null ? AuditLog.OK : AuditLog.FAILED, refused == null ? null : refused.message());
        return result;
    }

    /**
     * The row of {@code uid} (null when absent) from those this transaction holds already, or else found and locked
     * for update, and then remembered.
     */
    private static <T> T lock(Map<String, T> held, String uid, Function<String, PanacheQuery<T>> find) {
        if (held.containsKey(uid)) {
            return held.get(uid);
        }
        T row = find.apply(uid).withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(HibernateHints.HINT_FLUSH_MODE, FlushMode.COMMIT).firstResult();
        held.put(uid, row);
        return row;
    }

    /** Which quarantined instances a review decision covers: one instance, or every one of a series. */
    enum ReviewScope { INSTANCE, SERIES }

    /**
     * Publishes the quarantined instances of {@code uid} in the collection: they count and appear in every read from
     * now on. Returns how many; 0 when nothing of that UID is quarantined there.
     */
    int release(long collectionId, ReviewScope scope, String uid) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<InstanceEntity> held = lockQuarantined(collectionId, scope, uid);
            if (held.isEmpty()) {
                return 0;
            }
            SeriesEntity series = held.get(0).series;
            StudyEntity study = series.study;
            boolean seriesWasPublished = series.numberOfInstances > 0;
            for (InstanceEntity instance : held) {
                instance.status = InstanceEntity.Status.STORED;
                count(series, study, instance.status, 1, instance.sizeBytes);
            }
            study.updatedAt = series.updatedAt = OffsetDateTime.now();
            if (!seriesWasPublished) {
                study.numberOfSeries++;
                entityManager.flush();
                study.refreshModalities();
            }
            return held.size();
        });
    }

    /**
     * Removes the quarantined instances of {@code uid} from the index, and their series and study when nothing else
     * is left in them. Returns the keys of their objects, for the caller to delete; empty when nothing matched.
     */
    List<String> discard(long collectionId, ReviewScope scope, String uid) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<InstanceEntity> held = lockQuarantined(collectionId, scope, uid);
            if (held.isEmpty()) {
                return List.of();
            }
            SeriesEntity series = held.get(0).series;
            StudyEntity study = series.study;
            List<String> keys = held.stream().map(instance -> instance.objectKey).toList();
            held.forEach(InstanceEntity::delete);
            entityManager.flush();
            // Quarantined instances are not counted, so the published figures stay as they are.
            if (InstanceEntity.count("series", series) == 0) {
                series.delete();
                entityManager.flush();
                if (SeriesEntity.count("study", study) == 0) {
                    study.delete();
                }
            }
            return keys;
        });
    }

    /** The quarantined instances in scope, with their study, series and rows locked in the order ingest locks them. */
    private List<InstanceEntity> lockQuarantined(long collectionId, ReviewScope scope, String uid) {
        String where = scope == ReviewScope.SERIES ? "se.seriesInstanceUid = :uid" : "i.sopInstanceUid = :uid";
        List<SeriesEntity> found = entityManager.createQuery("select distinct se from InstanceEntity i join i.series se"
                        + " join se.study st where st.collection.id = :collection and i.status = :status and " + where,
                        SeriesEntity.class)
                .setParameter("collection", collectionId)
                .setParameter("status", InstanceEntity.Status.QUARANTINED)
                .setParameter("uid", uid)
                .getResultList();
        if (found.isEmpty()) {
            return List.of();
        }
        SeriesEntity series = found.get(0); // a SOP or series UID lies in one series
        entityManager.lock(series.study, LockModeType.PESSIMISTIC_WRITE);
        entityManager.lock(series, LockModeType.PESSIMISTIC_WRITE);
        boolean oneInstance = scope == ReviewScope.INSTANCE;
        TypedQuery<InstanceEntity> held = entityManager.createQuery("select i from InstanceEntity i"
                        + " where i.series = :series and i.status = :status"
                        + (oneInstance ? " and i.sopInstanceUid = :uid" : ""), InstanceEntity.class)
                .setParameter("series", series)
                .setParameter("status", InstanceEntity.Status.QUARANTINED)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE);
        return (oneInstance ? held.setParameter("uid", uid) : held).getResultList();
    }

    /** Adds ({@code sign} 1) or takes away (-1) one instance of this status from the published figures. */
    private static void count(SeriesEntity series, StudyEntity study, InstanceEntity.Status status, int sign,
                              long size) {
        if (status == InstanceEntity.Status.STORED) {
            series.numberOfInstances += sign;
            study.numberOfInstances += sign;
            series.sizeBytes += sign * size;
            study.sizeBytes += sign * size;
        }
    }

    private static void record(InstanceEntity instance, NewInstance n) {
        instance.sopClassUid = n.header().sopClassUid();
        instance.transferSyntaxUid = n.header().file().transferSyntax().uid();
        instance.objectKey = n.objectKey();
        instance.sizeBytes = n.size();
        instance.sha256 = n.sha256();
        instance.crc32 = n.crc32();
        instance.frameRanges = n.frameRanges();
        instance.metadataGz = n.metadataGz();
        instance.status = n.status();
        IndexColumns.fillInstance(instance, n.header().dataset());
    }

    /** Rows that a concurrent transaction committed after this one found them absent: worth one more try. */
    private static final class CreatedConcurrently extends RuntimeException {
        CreatedConcurrently(String what) {
            super(what + " was created by a concurrent transaction", null, false, false);
        }
    }

    /** A unique-key collision, lock conflict or row created concurrently: worth one more try. */
    private static boolean isDatabaseConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CreatedConcurrently) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().startsWith("40")
                    || sql.getSQLState().equals("HYT00"))) {
                return true;
            }
            if (cause instanceof PersistenceException && cause.getCause() == null) {
                return true;
            }
        }
        return false;
    }
}
