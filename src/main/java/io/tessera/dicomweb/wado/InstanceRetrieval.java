package io.tessera.dicomweb.wado;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.List;

/**
 * Retrieve Study, Series and Instance (PS3.18 10.4.1.1.1): the stored Part 10 objects as they were received,
 * one multipart/related part each, streamed from the object store without re-encoding; or, for instances whose
 * stored syntax the client does not accept, re-encoded as Explicit VR Little Endian ({@link InstanceTranscoding}).
 * <p>
 * A single instance may also be asked for as a bare {@code application/dicom} (not in PS3.18, but what download
 * scripts and some viewers send): the response body is then the file itself.
 */
@ApplicationScoped
class InstanceRetrieval {
    @Inject
    StoredBytes bytes;
    @Inject
    InstanceTranscoding transcoding;

    Response retrieve(List<StoredInstance> instances, String accept, WadoUrls urls) {
        List<String> syntaxes = instances.stream().map(StoredInstance::transferSyntaxUid).distinct().toList();
        Representation representation =
                AcceptNegotiator.negotiate(accept, WadoTarget.INSTANCES, syntaxes, instances.size() == 1);
        if (!representation.multipart()) {
            StoredInstance instance = instances.get(0);
            boolean asStored = representation.serves(instance.transferSyntaxUid());
            InstanceTranscoding.Prepared transcoded = asStored ? null : transcoding.prepare(instance);
            StreamingOutput body = asStored ? out -> bytes.copyObject(instance.objectKey(), out) : transcoded::write;
            Response.ResponseBuilder response = Response.ok(body)
                    .header(HttpHeaders.CONTENT_TYPE, representation.contentType(instance.transferSyntaxUid()))
                    .header("Content-Location", urls.instance(instance));
            if (asStored) {
                response.header(HttpHeaders.CONTENT_LENGTH, instance.sizeBytes());
            }
            return response.build();
        }
        if (instances.stream().allMatch(instance -> representation.serves(instance.transferSyntaxUid()))) {
            StoredParts parts = StoredParts.of(WadoMediaType.DICOM, instances.stream()
                    .map(instance -> new StoredParts.Part(MultipartBody.partHeaders(
                            representation.contentType(instance.transferSyntaxUid()), urls.instance(instance)),
                            instance.objectKey(), instance.sizeBytes(), null))
                    .toList());
            return Response.ok(parts).header(HttpHeaders.CONTENT_TYPE, parts.contentType()).build();
        }
        instances.stream().filter(instance -> !representation.serves(instance.transferSyntaxUid()))
                .forEach(transcoding::requireTranscodable);
        // Some instances re-encoded: each part written in turn.
        return MultipartBody.response(WadoMediaType.DICOM, writer -> {
            for (StoredInstance instance : instances) {
                boolean asStored = representation.serves(instance.transferSyntaxUid());
                InstanceTranscoding.Prepared transcoded = asStored ? null : transcoding.prepare(instance);
                try (OutputStream part = writer.startPart(MultipartBody.partHeaders(
                        representation.contentType(instance.transferSyntaxUid()), urls.instance(instance)))) {
                    if (asStored) {
                        bytes.copyObject(instance.objectKey(), part);
                    } else {
                        transcoded.write(part);
                    }
                }
            }
        }).build();
    }
}
