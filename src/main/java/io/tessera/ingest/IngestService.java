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
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Stores one instance from a stream, never holding more of it than its header in memory:
 * (a) copy the stream to a temporary object while hashing it; parse the header back from that object and validate;
 * when the collection asks, write the de-identified copy to a new temporary object ({@link IngestDeidentifier}) and
 * delete the received one at once, so nothing that follows sees an original value;
 * (b) move the object to its final key; (c) index it in one transaction ({@link InstanceIndexer}), deleting the
 * object if that fails. A crash between the steps leaves objects without rows, which {@link OrphanSweeper} removes;
 * never a row without its object.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** Pixel Data and binary values over 8 MB stay in the object; only their positions are kept. */
    private static final ReadOptions HEADER_ONLY =
            ReadOptions.DEFAULTS.withStopAtPixelData(true).withMaxElementLength(8 << 20);

    private final BlobStore blobs;
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

    /**
     * Stores the instance in {@code content} into a collection.
     *
     * @param expectedStudy the Study Instance UID the request names (POST studies/{study}), or null
     * @throws IOException only when reading {@code content} itself fails (a broken or aborted request body); every
     *                     problem with the instance or with storing it is a failed {@link StoreOutcome}
     */
    public StoreOutcome ingest(InputStream content, long collectionId, String expectedStudy) throws IOException {
        String receivedKey = ObjectKeys.newTemporaryKey();
        SpooledObject spooled = null;
        InstanceHeader header = null;
        try {
            HashingInputStream hashing = new HashingInputStream(content);
            spool(receivedKey, hashing);
            spooled = SpooledObject.of(receivedKey, hashing);
            header = readHeader(receivedKey);
            InstanceValidator.validate(header, expectedStudy);
            CollectionPolicy policy = deidentifier.policyOf(collectionId);
            if (policy.deidentifies()) {
                spooled = deidentifier.rewrite(spooled, header.file(), policy.deidentification());
                deleteQuietly(receivedKey); // no original bytes at rest once the copy exists
                header = readHeader(spooled.key());
            }
            boolean quarantined = policy.quarantines(header.dataset());
            if (indexer.storedSha256(header.sopInstanceUid()).filter(spooled.sha256()::equals).isPresent()) {
                return StoreOutcome.stored(header, policy.deidentifies(), quarantined); // an exact repeat
            }
            InstanceIndexer.NewInstance instance = new InstanceIndexer.NewInstance(header, collectionId,
                    ObjectKeys.newInstanceKey(), spooled.size(), spooled.sha256(), spooled.crc32(),
                    frameRanges(header.file().pixelData()), metadata(header, spooled.key()), quarantined);
            commit(spooled.key(), instance);
            return StoreOutcome.stored(header, policy.deidentifies(), quarantined);
        } catch (IngestFailure failure) {
            return StoreOutcome.failed(header, failure);
        } finally {
            deleteQuietly(receivedKey);
            if (spooled != null && !spooled.key().equals(receivedKey)) {
                deleteQuietly(spooled.key());
            }
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

    private InstanceHeader readHeader(String key) throws IOException, IngestFailure {
        try (InputStream in = new BufferedInputStream(blobs.get(key), 1 << 16)) {
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

    /** Steps (b) and (c); the object is deleted again unless a row points at it. Logs name objects, never values. */
    private void commit(String temporaryKey, InstanceIndexer.NewInstance instance) throws IngestFailure {
        String key = instance.objectKey();
        InstanceIndexer.Result result;
        try {
            blobs.move(temporaryKey, key);
        } catch (IOException e) {
            LOG.errorf(e, "cannot commit %s to %s", temporaryKey, key);
            throw new IngestFailure(FailureReason.OUT_OF_RESOURCES, "the object store cannot take the instance");
        }
        try {
            result = indexer.commit(instance);
        } catch (RuntimeException e) {
            deleteQuietly(key);
            LOG.errorf("cannot index %s: %s", key, typesOf(e));
            throw new IngestFailure(FailureReason.PROCESSING_FAILURE, "the index cannot record the instance");
        }
        if (result instanceof InstanceIndexer.Replaced replaced) {
            // a published version may still hold the replaced content (docs/versions.md)
            if (references.referenced(List.of(replaced.supersededKey())).isEmpty()) {
                deleteQuietly(replaced.supersededKey());
            }
        } else if (result instanceof InstanceIndexer.Unchanged) {
            deleteQuietly(key);
        } else if (result instanceof InstanceIndexer.Refused refused) {
            deleteQuietly(key);
            throw new IngestFailure(refused.reason(), refused.message());
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

    private void deleteQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException e) {
            LOG.warnf(e, "cannot delete %s; the sweeper will", key);
        }
    }
}
