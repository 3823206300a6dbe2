package io.tessera.collections;

import io.tessera.dicomweb.ByteRangeRequest;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.storage.BlobStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * {@code GET /api/instances/{sop}/file}: the stored Part 10 file as it was received, the URL manifests list.
 * Unlike WADO-RS it needs no Accept header and no scope, and it serves what resuming downloaders need: a
 * Content-Length, the SHA-256 as strong ETag, and one HTTP byte range (with If-Range).
 */
@Path("/api/instances/{sop}/file")
public class InstanceFileResource {
    private final DownloadIndex index;
    private final BlobStore store;
    private final CollectionCatalog catalog;

    InstanceFileResource(DownloadIndex index, BlobStore store, CollectionCatalog catalog) {
        this.catalog = catalog;
        this.index = index;
        this.store = store;
    }

    @GET
    public Response get(@PathParam("sop") String sop, @HeaderParam("Range") String range,
                        @HeaderParam("If-Range") String ifRange) {
        Uids.require(sop, "SOP Instance UID");
        DownloadItem item = index.file(sop)
                .orElseThrow(() -> new DicomWebException(Status.NOT_FOUND, "No stored instance " + sop)).item();
        // 404 as well when the caller may not read its collection: its existence is not revealed
        catalog.readable(item.collection());
        return serve(item, range, ifRange, store);
    }

    /** The stored bytes of {@code item}, or the one byte range asked for, with the headers downloaders resume by. */
    static Response serve(DownloadItem item, String range, String ifRange, BlobStore store) {
        String etag = "\"" + item.sha256() + "\"";
        ByteRangeRequest part = ByteRangeRequest.select(range, ifRange, etag, item.size());
        long first = part == null ? 0 : part.first();
        long length = part == null ? item.size() : part.length();
        StreamingOutput body = out -> {
            try (InputStream in = store.getRange(item.objectKey(), first, length)) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.status(part == null ? 200 : 206).entity(body)
                .type("application/dicom")
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                .header("Content-Disposition", "attachment; filename=\"" + item.sopUid() + ".dcm\"");
        if (part != null) {
            response.header("Content-Range", part.contentRange(item.size()));
        }
        return response.build();
    }
}
