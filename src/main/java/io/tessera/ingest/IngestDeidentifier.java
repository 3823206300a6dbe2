package io.tessera.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.tessera.deid.DeidContext;
import io.tessera.deid.Deidentifier;
import io.tessera.dicom.Dataset;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.BulkDataSource;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomWriter;
import io.tessera.index.CollectionEntity;
import io.tessera.storage.BlobStore;
import io.tessera.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * De-identification during ingest: the collection's policy, and the de-identified copy of a spooled instance. The
 * copy is the de-identified header followed by the Pixel Data (and any other large value) streamed from the original
 * temporary object, so no more than the header is ever in memory. The output has no timestamps and a File Meta
 * Information made afresh, so the same original always gives the same bytes.
 */
@ApplicationScoped
class IngestDeidentifier {
    private static final Logger LOG = Logger.getLogger(IngestDeidentifier.class);
    private static final int PIPE_BYTES = 1 << 16;

    private final BlobStore blobs;
    private final CollectionDeidentification deidentification;
    private final Deidentifier deidentifier = new Deidentifier();
    /** Writers of de-identified copies, each feeding the object store through a pipe read by the ingesting thread. */
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tessera-deid-writer");
        thread.setDaemon(true);
        return thread;
    });

    IngestDeidentifier(BlobStore blobs, CollectionDeidentification deidentification) {
        this.blobs = blobs;
        this.deidentification = deidentification;
    }

    void onStop(@Observes ShutdownEvent stop) {
        writers.shutdownNow();
    }

    /** The collection's current settings; read per instance, so a changed profile applies to the next one. */
    CollectionPolicy policyOf(long collectionId) {
        CollectionEntity collection = QuarkusTransaction.requiringNew()
                .call(() -> CollectionEntity.<CollectionEntity>findById(collectionId));
        DeidContext context = collection == null ? null : deidentification.contextOf(collection);
        return context == null ? CollectionPolicy.AS_RECEIVED
                : new CollectionPolicy(context, collection.publishBurnedIn);
    }

    /**
     * De-identifies {@code original}'s data set in place and writes the result, in the original's transfer syntax,
     * to a new object under an instance key, where it stays. The caller deletes the original object.
     */
    SpooledObject rewrite(SpooledObject source, DicomFile original, DeidContext context) throws IngestFailure {
        TransferSyntax syntax = original.transferSyntax();
        if (syntax.deflated()) {
            // Large values of a Deflated object lie in its inflated body, which cannot be read by byte range.
            throw new IngestFailure(FailureReason.TRANSFER_SYNTAX_NOT_SUPPORTED,
                    "a de-identifying collection does not take Deflated Explicit VR Little Endian; send another syntax");
        }
        Dataset dataset = original.dataset();
        try {
            deidentifier.deidentify(dataset, context);
        } catch (RuntimeException e) {
            // The exception may quote values of the instance: it is not logged.
            throw new IngestFailure(FailureReason.CANNOT_UNDERSTAND, "the data set cannot be de-identified");
        }
        String key = ObjectKeys.newInstanceKey();
        try {
            return write(key, dataset, syntax, bulkDataOf(source.key()));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(key);
            LOG.errorf("cannot write the de-identified copy of %s: %s", source.key(), e.getClass().getName());
            throw new IngestFailure(FailureReason.OUT_OF_RESOURCES, "the object store cannot take the instance");
        }
    }

    private SpooledObject write(String key, Dataset dataset, TransferSyntax syntax, BulkDataSource bulkData)
            throws IOException {
        PipedInputStream pipe = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream writerEnd = new PipedOutputStream(pipe);
        Future<?> writing = writers.submit(() -> {
            try (writerEnd) {
                new DicomWriter(writerEnd, bulkData, syntax).write(new Dataset(), dataset, syntax);
            }
            return null;
        });
        HashingInputStream written = new HashingInputStream(pipe);
        try {
            blobs.put(key, written);
        } finally {
            pipe.close(); // a writer still blocked on a full pipe fails instead of waiting forever
        }
        try {
            writing.get(); // the object is complete only if the writer finished without error
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while de-identifying");
        }
        return SpooledObject.of(key, written);
    }

    private BulkDataSource bulkDataOf(String sourceKey) {
        return (offset, length) -> blobs.getRange(sourceKey, offset,
                length >= 0 ? length : blobs.size(sourceKey) - offset);
    }

    private void deleteQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s; the sweeper will", key);
        }
    }
}
