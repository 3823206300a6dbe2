package io.tessera.dicomweb.wado;

import io.tessera.dicom.multipart.MediaType;
import io.tessera.dicom.multipart.MultipartRelatedWriter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multipart/related response (PS3.18 8.6.1.2) whose parts are written while the response streams, so no
 * instance or frame is ever held in memory. The body starts with the first delimiter (no preamble) and every
 * part's headers are spelled "Content-Type" and "Content-Location", as OHIF's parsers require.
 */
final class MultipartBody {

    /** Writes the parts of one response. */
    @FunctionalInterface
    interface Parts {
        void writeTo(MultipartRelatedWriter writer) throws IOException;
    }

    private MultipartBody() {
    }

    static Response.ResponseBuilder response(WadoMediaType partType, Parts parts) {
        String boundary = MultipartRelatedWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartRelatedWriter writer = new MultipartRelatedWriter(out, boundary);
            parts.writeTo(writer);
            writer.finish();
        };
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, contentType(partType, boundary));
    }

    /** {@code multipart/related; type="<part type>"; boundary=<boundary>}. */
    static String contentType(WadoMediaType partType, String boundary) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("type", partType.essence());
        parameters.put("boundary", boundary);
        return new MediaType("multipart", "related", parameters).toString();
    }

    /** The headers of one part, Content-Type first. */
    static Map<String, String> partHeaders(String contentType, String contentLocation) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Location", contentLocation);
        return headers;
    }
}
