package io.tessera.ingest;

import io.tessera.ingest.InstanceIndexer.ReviewScope;
import io.tessera.security.audit.AuditLog;
import io.tessera.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A curator's decision on quarantined instances (docs/deidentification.md): release them into the collection, or
 * discard them, index row and object. Each decision is audited. Only quarantined instances are touched.
 */
@ApplicationScoped
public class QuarantineReview {
    private static final Logger LOG = Logger.getLogger(QuarantineReview.class);

    /** One instance by its SOP Instance UID, or a whole series by its Series Instance UID. */
    public enum Scope { INSTANCE, SERIES }

    private final InstanceIndexer indexer;
    private final BlobStore blobs;
    private final AuditLog audit;

    QuarantineReview(InstanceIndexer indexer, BlobStore blobs, AuditLog audit) {
        this.indexer = indexer;
        this.blobs = blobs;
        this.audit = audit;
    }

    /** Publishes the quarantined instances of {@code uid}; returns how many (0: none there). */
    public int release(long collectionId, String slug, Scope scope, String uid) {
        int released = indexer.release(collectionId, ReviewScope.valueOf(scope.name()), uid);
        if (released > 0) {
            audit.record("quarantine.release", target(slug, scope, uid), AuditLog.OK, released + " instances published");
        }
        return released;
    }

    /** Deletes the quarantined instances of {@code uid}, rows and objects; returns how many (0: none there). */
    public int discard(long collectionId, String slug, Scope scope, String uid) {
        List<String> keys = indexer.discard(collectionId, ReviewScope.valueOf(scope.name()), uid);
        for (String key : keys) {
            try {
                blobs.delete(key);
            } catch (IOException e) {
                // No row points at it any more: the orphan sweeper removes it at the next start.
                LOG.warnf("cannot delete the discarded object %s; the sweeper removes it at the next start", key);
            }
        }
        if (!keys.isEmpty()) {
            audit.record("quarantine.discard", target(slug, scope, uid), AuditLog.OK, keys.size() + " instances deleted");
        }
        return keys.size();
    }

    private static String target(String slug, Scope scope, String uid) {
        return "collection:" + slug + " " + scope.name().toLowerCase(java.util.Locale.ROOT) + ":" + uid;
    }
}
