package io.tessera.dicomweb.wado;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Value;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.ReadOptions;
import io.tessera.dicom.json.AttributePath;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Finds the value a BulkDataURI names in the stored object: reads the object's header (Pixel Data and other
 * large values are skipped, not read) and walks the attribute path. Values the reader kept in memory are
 * returned as bytes; larger ones as their byte range in the object, to be streamed.
 */
@ApplicationScoped
class BulkDataLocator {
    /** As ingest reads headers: values up to this size are in memory, larger binary ones stay in the object. */
    private static final ReadOptions HEADER_ONLY =
            ReadOptions.DEFAULTS.withStopAtPixelData(true).withMaxElementLength(8 << 20);

    /** A located value: in memory (little-endian, as the reader gives numbers) or a range of the stored object. */
    sealed interface BulkValue {
        long length();
    }

    record InMemory(byte[] bytes) implements BulkValue {
        public long length() {
            return bytes.length;
        }
    }

    record InObject(ByteRange range) implements BulkValue {
        public long length() {
            return range.length();
        }
    }

    @Inject
    BlobStore store;

    BulkValue locate(StoredInstance instance, AttributePath path) throws IOException {
        DicomFile file;
        try (InputStream in = store.get(instance.objectKey())) {
            file = new DicomReader(in, HEADER_ONLY).read();
        } catch (DicomException unreadable) {
            throw new IOException("stored object of " + instance.sopUid() + " cannot be read", unreadable);
        }
        Dataset dataset = file.dataset();
        for (AttributePath.Item item : path.items()) {
            List<Dataset> items = dataset.items(item.sequenceTag());
            if (item.index() >= items.size()) {
                throw noSuchValue(path);
            }
            dataset = items.get(item.index());
        }
        Value value = dataset.get(path.tag());
        if (value instanceof Value.Bytes bytes) {
            return new InMemory(bytes.bytes());
        }
        if (value instanceof Value.BulkData bulk && bulk.length() >= 0) {
            if (file.transferSyntax().deflated()) {
                // Offsets of a deflated body count inflated bytes: no range of the stored object holds the value.
                throw new DicomWebException(Status.NOT_IMPLEMENTED,
                        "Pixel Data and values over 8 MiB of a Deflated instance cannot be served yet");
            }
            return new InObject(new ByteRange(bulk.offset(), bulk.length()));
        }
        throw noSuchValue(path);
    }

    private static DicomWebException noSuchValue(AttributePath path) {
        return new DicomWebException(Status.NOT_FOUND, "No bulk data at " + path);
    }
}
