package io.tessera.dicomweb.wado;

import io.tessera.dicom.io.Frame;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.FrameRanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.List;

/**
 * Retrieve Frames (PS3.18 10.4.1.1.4), and the frames of encapsulated Pixel Data asked for as bulk data: byte-range
 * reads of the stored object at the frame locations recorded on ingest, one part per frame, never parsing the
 * object. A frame of encapsulated data is its fragments concatenated.
 */
@ApplicationScoped
class FrameRetrieval {
    @Inject
    WadoIndex index;
    @Inject
    StoredBytes bytes;

    Response retrieve(StoredInstance instance, FrameList requested, String accept, WadoUrls urls) {
        List<Frame> frames = framesOf(instance);
        requested.requireWithin(frames.size());
        return respond(instance, frames, requested, accept, urls, WadoTarget.FRAMES);
    }

    /** Encapsulated Pixel Data as bulk data: all its frames. */
    Response retrievePixelData(StoredInstance instance, String accept, WadoUrls urls) {
        List<Frame> frames = framesOf(instance);
        return respond(instance, frames, FrameList.all(frames.size()), accept, urls, WadoTarget.BULKDATA);
    }

    private Response respond(StoredInstance instance, List<Frame> frames, FrameList requested, String accept,
                             WadoUrls urls, WadoTarget target) {
        String syntax = instance.transferSyntaxUid();
        Representation representation =
                AcceptNegotiator.negotiate(accept, target, List.of(syntax), requested.numbers().size() == 1);
        if (!representation.multipart()) {
            int number = requested.numbers().get(0);
            Frame frame = frames.get(number - 1);
            StreamingOutput body = out -> bytes.copyFrame(instance.objectKey(), frame, out);
            return Response.ok(body)
                    .header(HttpHeaders.CONTENT_TYPE, representation.contentType(syntax))
                    .header(HttpHeaders.CONTENT_LENGTH, frame.length())
                    .header("Content-Location", urls.frame(instance, number))
                    .build();
        }
        return MultipartBody.response(representation.type(), writer -> {
            for (int number : requested.numbers()) {
                try (OutputStream part = writer.startPart(MultipartBody.partHeaders(
                        representation.contentType(syntax), urls.frame(instance, number)))) {
                    bytes.copyFrame(instance.objectKey(), frames.get(number - 1), part);
                }
            }
        }).build();
    }

    /** The recorded frame locations; an instance without them has no frames to serve. */
    private List<Frame> framesOf(StoredInstance instance) {
        byte[] encoded = index.frameRanges(instance.id());
        List<Frame> frames = encoded == null ? List.of() : FrameRanges.decode(encoded);
        if (frames.isEmpty()) {
            throw new DicomWebException(Status.NOT_FOUND, "Instance " + instance.sopUid() + " has no frames that"
                    + " can be served: it has no pixel data, or its frames could not be located when it was stored");
        }
        return frames;
    }
}
