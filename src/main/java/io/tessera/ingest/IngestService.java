package io.tessera.ingest;

import io.tessera.dicom.DicomException;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.PixelDataInfo;
import io.tessera.dicom.io.ReadOptions;
import io.tessera.index.FrameRanges;
import io.tessera.index.ObjectReferences;
import io.tessera.storage.BlobStore;
import io.tessera.storage.ObjectKeys;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Stores one instance from a stream, never holding more of it in memory than its first 64 KiB and its header:
 * (a) copy the stream to its object, under its final key, while hashing it and keeping its first 64 KiB; parse the
 * header from those, reading the object back only where the header goes on past them ({@link SpooledObject#open}),
 * and validate; (b) when the collection de-identifies, the received object is temporary instead: write the
 * de-identified copy to a final key ({@link IngestDeidentifier}) and delete the received one at once, so nothing that
 * follows sees an original value; (c) index it ({@link InstanceIndexer}), deleting the object if that fails.
 * Step (c) is a group commit: queued instances of all requests share one transaction, committed as soon as some
 * request waits for an outcome ({@link Receipt#outcome}) or after a short linger, so a request goes on reading its
 * next part meanwhile and the index commits once for many instances. A crash between the steps leaves objects
 * without rows, which {@link OrphanSweeper} removes; never a row without its object.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** Pixel Data and binary values over 8 MB stay in the object; only their positions are kept. */
    private static final ReadOptions HEADER_ONLY =
            ReadOptions.DEFAULTS.withStopAtPixelData(true).withMaxElementLength(8 << 20);

    /** Threads that wait for the disk (fsync): a request's parts all in flight, for a few requests at once. */
    private static final int SYNC_THREADS = 16;

    private final BlobStore blobs;
    private final ExecutorService syncs = Executors.newFixedThreadPool(SYNC_THREADS, task -> {
        Thread thread = new Thread(task, "tessera-object-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final InstanceIndexer indexer;
    private final IngestDeidentifier deidentifier;
    private final ObjectReferences references;

    IngestService(BlobStore blobs, InstanceIndexer indexer, IngestDeidentifier deidentifier,
                  ObjectReferences references) {
        this.blobs = blobs;
        this.indexer = indexer;
        this.deidentifier = deidentifier;
        this.references = references;
    }

    /** Lets the syncs under way finish, for instances the index may still take before it stops. */
    @PreDestroy
    void stop() {
        syncs.shutdown();
    }

    /**
     * Starts a request's upload into a collection, reading the collection's policy once for all its instances.
     *
     * @param expectedStudy the Study Instance UID the request names (POST studies/{study}), or null
     * @param actor         who stores, as the audit log names them: the index records each instance it decides as a
     *                      {@code stow.instance} entry of theirs, in the transaction that decides it
     */
    public Upload upload(long collectionId, String collectionSlug, String expectedStudy, String actor) {
        return new Upload(collectionId, collectionSlug, expectedStudy, actor, deidentifier.policyOf(collectionId));
    }

    /** The instances of one request, into one collection (and one study when the request names it). */
    public final class Upload {
        private final long collectionId;
        private final String collectionSlug;
        private final String expectedStudy;
        private final String actor;
        private final CollectionPolicy policy;

        private Upload(long collectionId, String collectionSlug, String expectedStudy, String actor,
                       CollectionPolicy policy) {
            this.collectionId = collectionId;
            this.collectionSlug = collectionSlug;
            this.expectedStudy = expectedStudy;
            this.actor = actor;
            this.policy = policy;
        }

        /**
         * Steps (a) and (b) for the instance in {@code content}, which is read to its end; step (c) is queued. The
         * caller may read its next instance before asking the receipt for the outcome.
         *
         * @throws IOException only when reading {@code content} itself fails (a broken or aborted request body);
         *                     every problem with the instance or with storing it is a failed {@link StoreOutcome}
         */
        public Receipt receive(InputStream content) throws IOException {
            // Kept as received, the object is written where it stays: no move, which S3 does as a copy. For a
            // de-identifying collection the original goes to a temporary key, swept often, and only the copy stays.
            String receivedKey = policy.deidentifies() ? ObjectKeys.newTemporaryKey() : ObjectKeys.newInstanceKey();
            SpooledObject spooled = null;
            InstanceHeader header = null;
            String indexedKey = null;
            try {
                HashingInputStream hashing = new HashingInputStream(content);
                spool(receivedKey, hashing);
                spooled = SpooledObject.of(receivedKey, hashing);
                header = readHeader(spooled);
                InstanceValidator.validate(header, expectedStudy);
                if (policy.deidentifies()) {
                    spooled = deidentifier.rewrite(spooled, header.file(), policy.deidentification());
                    deleteQuietly(receivedKey); // no original bytes at rest once the copy exists
                    header = readHeader(spooled);
                }
                boolean quarantined = policy.quarantines(header.dataset());
                StoreOutcome stored = StoreOutcome.stored(header, policy.deidentifies(), quarantined);
                InstanceIndexer.NewInstance instance = new InstanceIndexer.NewInstance(header, collectionId,
                        spooled.key(), spooled.size(), spooled.sha256(), spooled.crc32(),
                        frameRanges(header.file().pixelData()), metadata(header, spooled.key()), quarantined,
                        new InstanceIndexer.AuditedAs(actor, stored.auditTarget(collectionSlug)));
                CompletableFuture<InstanceIndexer.Result> indexed = CompletableFuture
                        .runAsync(() -> sync(instance.objectKey()), syncs)
                        .thenCompose(synced -> indexer.submit(instance));
                indexedKey = instance.objectKey(); // from here on the receipt deletes it if the index does not keep it
                return new Receipt(stored, IngestService.this, indexedKey, indexed);
            } catch (IngestFailure failure) {
                return Receipt.of(StoreOutcome.failed(header, failure));
            } finally {
                if (!receivedKey.equals(indexedKey)) {
                    deleteQuietly(receivedKey);
                }
                if (spooled != null && !spooled.key().equals(receivedKey) && !spooled.key().equals(indexedKey)) {
                    deleteQuietly(spooled.key());
                }
            }
        }
    }

    /** An instance received, and the index commit that decides its outcome. */
    public static final class Receipt {
        private final StoreOutcome decided;
        private final IngestService service;
        private final String objectKey;
        private final CompletableFuture<InstanceIndexer.Result> indexed;

        private Receipt(StoreOutcome decided, IngestService service, String objectKey,
                        CompletableFuture<InstanceIndexer.Result> indexed) {
            this.decided = decided;
            this.service = service;
            this.objectKey = objectKey;
            this.indexed = indexed;
        }

        /** A part decided without the index: refused, or not an instance at all. */
        public static Receipt of(StoreOutcome outcome) {
            return new Receipt(outcome, null, null, null);
        }

        /**
         * Whether the index recorded the {@link #outcome} in the audit log, with its decision; if not (a part refused
         * before the index, or a failure to sync or to commit), the caller records it.
         */
        public boolean auditedByIndex() {
            return indexed != null && indexed.isDone() && !indexed.isCompletedExceptionally();
        }

        /**
         * Waits for the index; the object is deleted again unless a row points at it. Logs name objects, never
         * values.
         */
        public StoreOutcome outcome() {
            if (indexed == null) {
                return decided;
            }
            InstanceIndexer.Result result;
            try {
                result = service.indexer.await(indexed);
            } catch (CompletionException | CancellationException e) {
                service.deleteQuietly(objectKey);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof UncheckedIOException) {
                    LOG.errorf("cannot sync %s: %s", objectKey, typesOf(cause));
                    return decided.failed(FailureReason.OUT_OF_RESOURCES, "the object store cannot keep the instance");
                }
                LOG.errorf("cannot index %s: %s", objectKey, typesOf(cause));
                return decided.failed(FailureReason.PROCESSING_FAILURE, "the index cannot record the instance");
            }
            if (result instanceof InstanceIndexer.Replaced replaced) {
                service.deleteUnlessVersioned(replaced.supersededKey()); // a published version may still hold it
            } else if (result instanceof InstanceIndexer.Unchanged) {
                service.deleteQuietly(objectKey);
            } else if (result instanceof InstanceIndexer.Refused refused) {
                service.deleteQuietly(objectKey);
                return decided.failed(refused.reason(), refused.message());
            }
            return decided;
        }
    }

    private void spool(String temporaryKey, HashingInputStream content) throws IOException, IngestFailure {
        try {
            blobs.put(temporaryKey, content);
        } catch (IOException e) {
            if (content.sourceFailure() != null) {
                throw content.sourceFailure();
            }
            LOG.errorf(e, "cannot write %s", temporaryKey);
            throw new IngestFailure(FailureReason.OUT_OF_RESOURCES, "the object store cannot take the instance");
        }
    }

    private void sync(String key) {
        try {
            blobs.sync(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InstanceHeader readHeader(SpooledObject spooled) throws IOException, IngestFailure {
        try (InputStream in = spooled.open(blobs)) {
            DicomFile file = new DicomReader(in, HEADER_ONLY).read();
            return InstanceHeader.of(file);
        } catch (DicomException e) {
            throw new IngestFailure(FailureReason.CANNOT_UNDERSTAND, "not a readable DICOM object: " + e.getMessage());
        }
    }

    /** Frame locations for byte-range reads; none when they are unknown or count in inflated (Deflated) bytes. */
    private static byte[] frameRanges(PixelDataInfo pixelData) {
        if (pixelData == null || !pixelData.offsetsInSource() || pixelData.frames().isEmpty()) {
            return null;
        }
        return FrameRanges.encode(pixelData.frames());
    }

    private static byte[] metadata(InstanceHeader header, String key) throws IngestFailure {
        try {
            return InstanceMetadata.gzippedJson(header.file());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot write the metadata of %s: %s", key, typesOf(e));
            throw new IngestFailure(FailureReason.CANNOT_UNDERSTAND,
                    "cannot convert the data set to DICOM JSON: " + e.getMessage());
        }
    }

    /**
     * What failed, without the messages: those of the codec and the database (a constraint violation lists the row)
     * may quote attribute values of the instance, which logs never show.
     */
    private static String typesOf(Throwable e) {
        StringBuilder types = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            types.append(types.isEmpty() ? "" : " <- ").append(cause.getClass().getName());
            if (cause instanceof SQLException sql) {
                types.append(" SQLState ").append(sql.getSQLState());
            }
        }
        return types.toString();
    }

    private void deleteUnlessVersioned(String key) {
        if (references.referenced(List.of(key)).isEmpty()) {
            deleteQuietly(key);
        }
    }

    private void deleteQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException e) {
            LOG.warnf(e, "cannot delete %s; the sweeper will", key);
        }
    }
}
