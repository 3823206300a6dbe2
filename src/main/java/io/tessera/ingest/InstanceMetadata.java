package io.tessera.ingest;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.json.DicomJsonWriter;
import io.tessera.dicom.json.FastGzipOutputStream;
import io.tessera.dicom.json.JsonWriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The precomputed WADO-RS metadata of an instance: its data set in DICOM JSON, gzip-compressed, large binary values
 * and Pixel Data as relative BulkDataURIs ({@link BulkDataPaths}). Built from the header parse, which holds no pixel
 * data, so it stays small.
 */
final class InstanceMetadata {
    private static final JsonWriteOptions OPTIONS =
            JsonWriteOptions.withBulkData(BulkDataPaths.INLINE_BINARY_LIMIT, BulkDataPaths::uriFor);

    /** GZIPOutputStream's own default: the metadata of a CT slice is a few KiB. */
    private static final int GZIP_BUFFER_BYTES = 512;

    private InstanceMetadata() {
    }

    static byte[] gzippedJson(DicomFile file) throws IOException {
        Dataset dataset = file.dataset();
        // Viewers tell video and other encodings apart by this Instance Availability attribute, which QIDO-RS also returns;
        // the data set itself carries no transfer syntax.
        dataset.putStrings(Tags.AvailableTransferSyntaxUID, Vr.UI, file.transferSyntax().uid());
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (DicomJsonWriter json =
                     new DicomJsonWriter(new FastGzipOutputStream(gzipped, GZIP_BUFFER_BYTES), OPTIONS)) {
            json.write(dataset);
        }
        return gzipped.toByteArray();
    }
}
