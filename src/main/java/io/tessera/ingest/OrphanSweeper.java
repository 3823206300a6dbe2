package io.tessera.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tessera.index.ObjectReferences;
import io.tessera.storage.BlobStore;
import io.tessera.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Removes what a crash leaves behind: temporary objects (originals received for a de-identifying collection) and
 * instance objects nothing in the index points at ({@link ObjectReferences}; killed before step c of
 * {@link IngestService} committed, or after a removal committed). Runs once at start, in the background so that a
 * large store does not delay readiness. Objects younger than {@link #GRACE} are spared, as another replica may be
 * writing them now. Temporary objects are swept again every {@link #GRACE}: they hold original values, which must not
 * outlive a crash until the next start.
 */
@ApplicationScoped
public class OrphanSweeper {
    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);
    /** Far longer than any step of an ingest takes between writing an object and committing its row. */
    static final Duration GRACE = Duration.ofMinutes(15);
    private static final int BATCH = 500;

    private final BlobStore blobs;
    private final ObjectReferences references;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tessera-orphan-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    OrphanSweeper(BlobStore blobs, ObjectReferences references) {
        this.blobs = blobs;
        this.references = references;
    }

    void onStart(@Observes StartupEvent start) {
        background.submit(() -> {
            try {
                sweep(Instant.now().minus(GRACE));
            } catch (IOException | RuntimeException e) {
                LOG.warn("orphan sweep failed; it runs again at the next start", e);
            }
        });
        background.scheduleWithFixedDelay(() -> {
            try {
                report(sweepTemporary(Instant.now().minus(GRACE)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("sweep of temporary objects failed; it runs again later", e);
            }
        }, GRACE.toMinutes(), GRACE.toMinutes(), TimeUnit.MINUTES);
    }

    void onStop(@Observes ShutdownEvent stop) {
        background.shutdownNow();
    }

    /** Deletes temporary objects and unindexed instance objects last written before {@code cutoff}; returns how many. */
    public int sweep(Instant cutoff) throws IOException {
        int deleted = sweepTemporary(cutoff);
        try (Stream<String> instances = blobs.list(ObjectKeys.INSTANCE_PREFIX)) {
            List<String> batch = new ArrayList<>(BATCH);
            for (Iterator<String> keys = instances.iterator(); keys.hasNext(); ) {
                batch.add(keys.next());
                if (batch.size() == BATCH || !keys.hasNext()) {
                    deleted += deleteUnindexed(batch, cutoff);
                    batch.clear();
                }
            }
        }
        report(deleted);
        return deleted;
    }

    /** Deletes temporary objects last written before {@code cutoff}; returns how many. */
    int sweepTemporary(Instant cutoff) throws IOException {
        int deleted = 0;
        try (Stream<String> temporary = blobs.list(ObjectKeys.TEMPORARY_PREFIX)) {
            for (Iterator<String> keys = temporary.iterator(); keys.hasNext(); ) {
                deleted += deleteIfOlder(keys.next(), cutoff);
            }
        }
        return deleted;
    }

    private static void report(int deleted) {
        if (deleted > 0) {
            LOG.infof("Orphan sweep deleted %d objects left by an interrupted ingest", deleted);
        }
    }

    private int deleteUnindexed(List<String> keys, Instant cutoff) throws IOException {
        Set<String> indexed = references.referenced(keys);
        int deleted = 0;
        for (String key : keys) {
            if (!indexed.contains(key)) {
                deleted += deleteIfOlder(key, cutoff);
            }
        }
        return deleted;
    }

    private int deleteIfOlder(String key, Instant cutoff) throws IOException {
        Instant written = blobs.lastModified(key);
        if (written == null || !written.isBefore(cutoff)) {
            return 0;
        }
        blobs.delete(key);
        return 1;
    }
}
