package io.tessera.dicomweb.wado;

import io.tessera.dicom.json.FastGzipOutputStream;
import io.tessera.dicomweb.DicomWebException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Retrieve Metadata (PS3.18 10.4.1.1.3) at study, series and instance level: a JSON array of the instances'
 * precomputed DICOM JSON, concatenated while streaming. Each instance's gzipped JSON is inflated, its relative
 * BulkDataURIs made absolute on the way ({@link BulkDataUriRewriter}), and the whole array deflated again when the
 * client accepts gzip. Metadata blobs are fetched a batch at a time, so a study of any size streams in bounded
 * memory; the ETag comes from the index rows alone, so a 304 costs one query. Responses asked for again come from
 * {@link MetadataCache}.
 */
@ApplicationScoped
class MetadataRetrieval {
    static final String DICOM_JSON = "application/dicom+json";
    private static final int BATCH_SIZE = 200;
    private static final int BUFFER_SIZE = 64 * 1024;

    @Inject
    WadoIndex index;

    @Inject
    MetadataCache cache;

    Response retrieve(List<StoredInstance> instances, String accept, String acceptEncoding, String ifNoneMatch,
                      WadoUrls urls) {
        if (!AcceptNegotiator.acceptsJson(accept)) {
            throw new DicomWebException(Status.NOT_ACCEPTABLE, "Metadata is served as " + DICOM_JSON + " only");
        }
        boolean gzip = AcceptNegotiator.acceptsGzip(acceptEncoding);
        String etag = MetadataETag.of(instances, urls, gzip);
        Response.ResponseBuilder response;
        if (MetadataETag.matches(ifNoneMatch, etag)) {
            response = Response.notModified();
        } else {
            byte[] cached = cache.get(etag);
            StreamingOutput body = cached != null ? out -> out.write(cached) : out -> {
                MetadataCache.Recording recording = cache.record(etag, out);
                write(instances, urls, gzip ? new FastGzipOutputStream(recording, BUFFER_SIZE) : recording);
                recording.complete();
            };
            response = Response.ok(body).header(HttpHeaders.CONTENT_TYPE, DICOM_JSON);
            if (gzip) {
                response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
        }
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.VARY, "Accept, Accept-Encoding")
                .build();
    }

    private void write(List<StoredInstance> instances, WadoUrls urls, OutputStream out) throws IOException {
        BulkDataUriRewriter rewriter = new BulkDataUriRewriter(out);
        byte[] buffer = new byte[BUFFER_SIZE];
        boolean first = true;
        out.write('[');
        for (int from = 0; from < instances.size(); from += BATCH_SIZE) {
            List<StoredInstance> batch = instances.subList(from, Math.min(from + BATCH_SIZE, instances.size()));
            Map<Long, byte[]> metadata = index.metadata(batch.stream().map(StoredInstance::id).toList());
            for (StoredInstance instance : batch) {
                byte[] gzipped = metadata.get(instance.id());
                if (gzipped == null) {
                    continue; // no metadata recorded: leave the instance out rather than break the array
                }
                if (!first) {
                    out.write(',');
                }
                first = false;
                rewriter.startInstance(urls.instance(instance));
                try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(gzipped), BUFFER_SIZE)) {
                    for (int n; (n = json.read(buffer)) > 0; ) {
                        rewriter.write(buffer, 0, n);
                    }
                }
            }
        }
        out.write(']');
        if (out instanceof FastGzipOutputStream gzip) {
            gzip.close(); // writes the gzip trailer and frees the deflater
        } else {
            out.flush();
        }
    }
}
