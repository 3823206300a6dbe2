package io.tessera.dicomweb.wado;

import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.multipart.MultipartRelatedWriter;
import java.util.List;
import java.util.Map;

/**
 * A multipart/related response whose every part is stored bytes sent as they are: whole instances, or the byte
 * ranges of frames. {@link StoredPartsWriter} sends them.
 *
 * @param partType the type parameter of the response's media type
 * @param parts    in order
 */
record StoredParts(WadoMediaType partType, String boundary, List<Part> parts) {

    /**
     * One part: its headers, the object and, for frames, the ranges of it to send one after the other.
     *
     * @param objectSize the object's size as the index recorded it (the whole object is sent without a stat of it)
     * @param ranges     null for the whole object
     */
    record Part(Map<String, String> headers, String objectKey, long objectSize, List<ByteRange> ranges) {
    }

    static StoredParts of(WadoMediaType partType, List<Part> parts) {
        return new StoredParts(partType, MultipartRelatedWriter.newBoundary(), parts);
    }

    /** The response's Content-Type, as {@link MultipartBody} spells it. */
    String contentType() {
        return MultipartBody.contentType(partType, boundary);
    }
}
