package io.tessera.cli;

/** What became of one file sent to STOW-RS. */
enum FileOutcome {
    /** Stored and published (or already stored with the same bytes). */
    STORED,
    /** Stored but held back for review of burned-in text: no Retrieve URL in the response. */
    QUARANTINED,
    /** Not stored; sent again on the next run. */
    FAILED
}
