package io.tessera.ingest;

/**
 * What became of one part of a store request. UIDs are null when the part could not be read far enough to know them.
 *
 * @param failure null when the instance is stored (newly, or already stored with the same bytes)
 * @param message what went wrong, for logs and the response's Warning header; null on success
 */
public record StoreOutcome(String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                           String seriesInstanceUid, FailureReason failure, String message) {

    static StoreOutcome stored(InstanceHeader header) {
        return new StoreOutcome(header.sopClassUid(), header.sopInstanceUid(), header.studyInstanceUid(),
                header.seriesInstanceUid(), null, null);
    }

    static StoreOutcome failed(InstanceHeader header, IngestFailure failure) {
        return header == null
                ? new StoreOutcome(null, null, null, null, failure.reason(), failure.getMessage())
                : new StoreOutcome(header.sopClassUid(), header.sopInstanceUid(), header.studyInstanceUid(),
                header.seriesInstanceUid(), failure.reason(), failure.getMessage());
    }

    /** A part that is not an instance at all, e.g. of another media type. */
    public static StoreOutcome rejectedPart(FailureReason reason, String message) {
        return new StoreOutcome(null, null, null, null, reason, message);
    }

    public boolean isStored() {
        return failure == null;
    }
}
