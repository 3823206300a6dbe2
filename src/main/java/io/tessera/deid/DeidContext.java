package io.tessera.deid;

/**
 * What de-identifying one collection needs: its profile, and what its secret keys (UID replacements, date
 * shifts, patient keys) so that every instance of the collection is treated consistently, run after run.
 */
public final class DeidContext {
    /** Shortest collection secret accepted: a 128-bit key. */
    public static final int MIN_SECRET_BYTES = 16;

    private final DeidProfile profile;
    private final UidRemapper uids;
    private final DateShifter dates;
    private final KeyedHash patientKeys;
    private final PseudonymStore pseudonyms;

    public DeidContext(DeidProfile profile, byte[] collectionSecret, PseudonymStore pseudonyms) {
        if (collectionSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a collection secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.profile = profile;
        this.uids = UidRemapper.forSecret(collectionSecret);
        this.dates = DateShifter.forSecret(collectionSecret);
        this.patientKeys = KeyedHash.derive(collectionSecret, "tessera-deid-patient");
        this.pseudonyms = pseudonyms;
    }

    public DeidProfile profile() {
        return profile;
    }

    public UidRemapper uids() {
        return uids;
    }

    public DateShifter dates() {
        return dates;
    }

    /** The patient's pseudonym, looked up by the keyed hash of {@code originalPatientId}. */
    public String pseudonymFor(String originalPatientId) {
        return pseudonyms.pseudonymFor(patientKeys.hex(originalPatientId.strip()));
    }
}
