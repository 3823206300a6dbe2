package io.tessera.ingest;

/**
 * What became of one part of a store request. UIDs are null when the part could not be read far enough to know them.
 *
 * <p>UIDs are those stored: after de-identification, the replacements.
 *
 * @param failure      null when the instance is stored (newly, or already stored with the same bytes)
 * @param message      what went wrong, for the response's Warning header (never logged); null on success
 * @param coerced      stored with values changed by de-identification
 * @param quarantined  stored but not published: its pixels may show burned-in text and need review
 */
public record StoreOutcome(String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                           String seriesInstanceUid, FailureReason failure, String message, boolean coerced,
                           boolean quarantined) {

    /** The audit log's action for the outcome of each part. */
    public static final String AUDIT_ACTION = "stow.instance";

    static StoreOutcome stored(InstanceHeader header, boolean coerced, boolean quarantined) {
        return new StoreOutcome(header.sopClassUid(), header.sopInstanceUid(), header.studyInstanceUid(),
                header.seriesInstanceUid(), null, null, coerced, quarantined);
    }

    static StoreOutcome failed(InstanceHeader header, IngestFailure failure) {
        return header == null
                ? rejectedPart(failure.reason(), failure.getMessage())
                : new StoreOutcome(header.sopClassUid(), header.sopInstanceUid(), header.studyInstanceUid(),
                header.seriesInstanceUid(), failure.reason(), failure.getMessage(), false, false);
    }

    /** The same instance, not stored after all. */
    StoreOutcome failed(FailureReason reason, String message) {
        return new StoreOutcome(sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid, reason, message,
                false, false);
    }

    /** A part that is not an instance at all, e.g. of another media type. */
    public static StoreOutcome rejectedPart(FailureReason reason, String message) {
        return new StoreOutcome(null, null, null, null, reason, message, false, false);
    }

    public boolean isStored() {
        return failure == null;
    }

    /** The audit log's name for this part: {@code collection/study/series/instance}, or the collection alone. */
    public String auditTarget(String collectionSlug) {
        return sopInstanceUid == null ? collectionSlug
                : collectionSlug + "/" + studyInstanceUid + "/" + seriesInstanceUid + "/" + sopInstanceUid;
    }
}
