package io.tessera.dicomweb.wado;

import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.Frame;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.rendered.StoredFrames;
import io.tessera.render.CannotDecodeException;
import io.tessera.render.PixelModule;
import io.tessera.render.Transcoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Retrieve Frames (PS3.18 10.4.1.1.4), and the frames of encapsulated Pixel Data asked for as bulk data. As stored:
 * byte-range reads of the stored object at the frame locations recorded on ingest, one part per frame, never
 * parsing the object (a frame of encapsulated data is its fragments concatenated). Decoded, when the client asks
 * for native pixel data: each frame read, decoded and sent before the next is read.
 */
@ApplicationScoped
class FrameRetrieval {
    @Inject
    WadoIndex index;
    @Inject
    StoredBytes bytes;
    @Inject
    StoredFrames storedFrames;

    Response retrieve(FramedInstance framed, FrameList requested, String accept, WadoUrls urls) {
        List<Frame> frames = servable(framed.instance(), framed.frames());
        requested.requireWithin(frames.size());
        return respond(framed.instance(), frames, requested, accept, urls, WadoTarget.FRAMES, null);
    }

    /**
     * Encapsulated Pixel Data as bulk data ({@code url}): as stored, its frames one part each; decoded, one native
     * Pixel Data value (all frames in a row, as Explicit VR Little Endian carries it).
     */
    Response retrievePixelData(StoredInstance instance, String accept, WadoUrls urls, String url) {
        List<Frame> frames = framesOf(instance);
        return respond(instance, frames, FrameList.all(frames.size()), accept, urls, WadoTarget.BULKDATA, url);
    }

    /** Writes frame {@code number} (1-based) of an instance, as stored or decoded. */
    @FunctionalInterface
    private interface FrameWriter {
        void write(int number, OutputStream out) throws IOException;
    }

    private Response respond(StoredInstance instance, List<Frame> frames, FrameList requested, String accept,
                             WadoUrls urls, WadoTarget target, String pixelDataUrl) {
        String syntax = instance.transferSyntaxUid();
        List<Integer> numbers = requested.numbers();
        boolean pixelData = target == WadoTarget.BULKDATA;
        // Decoded Pixel Data is one value whatever its frames; as stored, each frame is a part.
        Representation representation = AcceptNegotiator.negotiate(accept, target, List.of(syntax),
                candidate -> numbers.size() == 1 || pixelData && candidate.decodes(syntax));
        String contentType = representation.contentType(syntax);
        if (representation.serves(syntax) && representation.multipart()) {
            StoredParts parts = StoredParts.of(representation.type(), numbers.stream()
                    .map(number -> new StoredParts.Part(MultipartBody.partHeaders(contentType,
                            urls.frame(instance, number)), instance.objectKey(), instance.sizeBytes(),
                            frames.get(number - 1).ranges()))
                    .toList());
            return Response.ok(parts).header(HttpHeaders.CONTENT_TYPE, parts.contentType()).build();
        }
        if (representation.serves(syntax)) {
            return send(instance, numbers, representation, contentType, urls,
                    (number, out) -> bytes.copyFrame(instance.objectKey(), frames.get(number - 1), out),
                    number -> frames.get(number - 1).length());
        }
        TransferSyntax stored = TransferSyntax.of(syntax);
        PixelModule module;
        byte[] first;
        try {
            module = storedFrames.module(instance.objectKey(), frames.get(0));
            Transcoder.requireDecodable(module, stored);
            // The first frame is decoded before answering, so that what cannot be decoded is a 406, not a cut stream.
            first = Transcoder.frame(module, stored, storedFrames.frame(instance.objectKey(), frames.get(numbers.get(0) - 1)));
        } catch (CannotDecodeException e) {
            throw new DicomWebException(Status.NOT_ACCEPTABLE, "The frames of instance " + instance.sopUid()
                    + " cannot be sent as " + contentType + ": " + e.getMessage()
                    + ". Accept transfer-syntax=* to receive them as stored.");
        } catch (IOException e) {
            throw new DicomWebException(Status.INTERNAL_SERVER_ERROR, "The frames of instance " + instance.sopUid()
                    + " could not be read: " + e.getMessage());
        }
        int firstNumber = numbers.get(0);
        FrameWriter decoded = (number, out) -> out.write(number == firstNumber ? first
                : Transcoder.frame(module, stored, storedFrames.frame(instance.objectKey(), frames.get(number - 1))));
        if (!pixelData) {
            return send(instance, numbers, representation, contentType, urls, decoded,
                    number -> module.nativeFrameLength());
        }
        StreamingOutput value = out -> {
            for (int number : numbers) {
                decoded.write(number, out);
            }
        };
        if (representation.multipart()) {
            return MultipartBody.response(representation.type(), writer -> {
                try (OutputStream part = writer.startPart(MultipartBody.partHeaders(contentType, pixelDataUrl))) {
                    value.write(part);
                }
            }).build();
        }
        return Response.ok(value)
                .header(HttpHeaders.CONTENT_TYPE, contentType)
                .header(HttpHeaders.CONTENT_LENGTH, (long) module.nativeFrameLength() * numbers.size())
                .header("Content-Location", pixelDataUrl)
                .build();
    }

    /** One frame as the body, or one part per frame. */
    private static Response send(StoredInstance instance, List<Integer> numbers, Representation representation,
                                 String contentType, WadoUrls urls, FrameWriter frames,
                                 IntToLongFunction length) {
        if (!representation.multipart()) {
            int number = numbers.get(0);
            StreamingOutput body = out -> frames.write(number, out);
            return Response.ok(body)
                    .header(HttpHeaders.CONTENT_TYPE, contentType)
                    .header(HttpHeaders.CONTENT_LENGTH, length.applyAsLong(number))
                    .header("Content-Location", urls.frame(instance, number))
                    .build();
        }
        return MultipartBody.response(representation.type(), writer -> {
            for (int number : numbers) {
                try (OutputStream part = writer.startPart(MultipartBody.partHeaders(contentType,
                        urls.frame(instance, number)))) {
                    frames.write(number, part);
                }
            }
        }).build();
    }

    /** The recorded frame locations; an instance without them has no frames to serve. */
    private List<Frame> framesOf(StoredInstance instance) {
        return servable(instance, index.frames(instance.id()));
    }

    private static List<Frame> servable(StoredInstance instance, List<Frame> frames) {
        if (frames.isEmpty()) {
            throw new DicomWebException(Status.NOT_FOUND, "Instance " + instance.sopUid() + " has no frames that"
                    + " can be served: it has no pixel data, or its frames could not be located when it was stored");
        }
        return frames;
    }
}
