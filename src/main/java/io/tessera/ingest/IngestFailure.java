package io.tessera.ingest;

/** Refusal of one instance, with its reason code and a message for the client. */
final class IngestFailure extends Exception {
    private final FailureReason reason;

    IngestFailure(FailureReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }
}
