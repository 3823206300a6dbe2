package io.tessera.dicomweb.wado;

import io.tessera.dicom.io.Frame;
import io.tessera.index.FrameRanges;
import java.util.List;

/**
 * A stored instance with its recorded frame locations, read by Retrieve Frames in one query: a viewer scrolling a
 * series asks for thousands of frames, and each request paid for two queries and two transactions before.
 */
record FramedInstance(StoredInstance instance, List<Frame> frames) {

    /** The JPQL constructor: the columns of {@link StoredInstance}, then the encoded frame ranges (may be null). */
    FramedInstance(long id, String studyUid, String seriesUid, String sopUid, String transferSyntaxUid,
                   String objectKey, long sizeBytes, String sha256, Integer numberOfFrames, byte[] frameRanges) {
        this(new StoredInstance(id, studyUid, seriesUid, sopUid, transferSyntaxUid, objectKey, sizeBytes, sha256,
                numberOfFrames), frameRanges == null ? List.of() : FrameRanges.decode(frameRanges));
    }
}
