package io.tessera.dicomweb.wado;

import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.json.AttributePath;
import io.tessera.dicomweb.ByteRangeRequest;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.ingest.BulkDataPaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Retrieve Bulkdata (PS3.18 10.4.1.1.5) at the BulkDataURIs metadata gives ({@link BulkDataPaths}). A value is
 * sent as {@code application/octet-stream}, whole or the one byte range asked for (206), or as a one-part
 * multipart/related. Pixel Data of an encapsulated instance is sent as its frames, one part each, or decoded
 * ({@link FrameRetrieval#retrievePixelData}).
 */
@ApplicationScoped
class BulkDataRetrieval {
    @Inject
    BulkDataLocator locator;
    @Inject
    FrameRetrieval frames;
    @Inject
    StoredBytes bytes;

    Response retrieve(StoredInstance instance, String pathText, String accept, String rangeHeader, WadoUrls urls)
            throws IOException {
        AttributePath path = BulkDataPaths.parse(pathText);
        if (path == null) {
            throw new DicomWebException(Status.NOT_FOUND, "No bulk data at " + pathText);
        }
        TransferSyntax stored = TransferSyntax.of(instance.transferSyntaxUid());
        boolean pixelData = path.items().isEmpty() && path.tag() == Tags.PixelData;
        String url = urls.instance(instance) + "/" + BulkDataPaths.uriFor(path);
        if (pixelData && stored.encapsulated()) {
            return frames.retrievePixelData(instance, accept, urls, url);
        }
        BulkDataLocator.BulkValue value = locator.locate(instance, path);
        // Native pixel data is labelled with its data set's syntax; other values are little-endian (the reader
        // swaps what it holds in memory) except raw ranges of a big-endian object.
        String syntax = pixelData || (value instanceof BulkDataLocator.InObject && stored.bigEndian())
                ? stored.uid() : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        Representation representation = AcceptNegotiator.negotiate(accept, WadoTarget.BULKDATA, List.of(syntax), true);
        if (!representation.serves(syntax)) {
            if (pixelData) {
                return frames.retrievePixelData(instance, accept, urls, url); // native pixel data byte-swapped
            }
            throw new DicomWebException(Status.NOT_ACCEPTABLE, "The value at " + pathText + " is stored big-endian"
                    + " and is only sent as stored: accept transfer-syntax=*.");
        }
        long length = value.length();
        if (representation.multipart()) {
            String contentType = representation.contentType(syntax);
            return MultipartBody.response(representation.type(), writer -> {
                try (OutputStream part = writer.startPart(MultipartBody.partHeaders(contentType, url))) {
                    copy(instance, value, new ByteRange(0, length), part);
                }
            }).build();
        }
        ByteRangeRequest range = ByteRangeRequest.select(rangeHeader, null, null, length);
        ByteRange sent = range != null ? new ByteRange(range.first(), range.length()) : new ByteRange(0, length);
        StreamingOutput body = out -> copy(instance, value, sent, out);
        Response.ResponseBuilder response = (range != null ? Response.status(Status.PARTIAL_CONTENT) : Response.ok())
                .entity(body)
                .header(HttpHeaders.CONTENT_TYPE, representation.contentType(syntax))
                .header(HttpHeaders.CONTENT_LENGTH, sent.length())
                .header("Accept-Ranges", "bytes")
                .header("Content-Location", url);
        if (range != null) {
            response.header("Content-Range", range.contentRange(length));
        }
        return response.build();
    }

    /** Copies {@code part} (relative to the value) of the value. */
    private void copy(StoredInstance instance, BulkDataLocator.BulkValue value, ByteRange part, OutputStream out)
            throws IOException {
        if (value instanceof BulkDataLocator.InMemory memory) {
            out.write(memory.bytes(), Math.toIntExact(part.offset()), Math.toIntExact(part.length()));
        } else if (value instanceof BulkDataLocator.InObject object) {
            bytes.copyRange(instance.objectKey(), new ByteRange(object.range().offset() + part.offset(), part.length()), out);
        }
    }
}
