package io.tessera.deid;

/**
 * Hands out a collection's patient pseudonyms, such as "LUNG-0007", one per patient, the same one every time.
 * The archive persists the numbering. It sees keyed hashes of original Patient IDs only, never the originals,
 * so the store itself cannot re-identify anyone.
 */
public interface PseudonymStore {
    /** The pseudonym of the patient whose original Patient ID has this keyed hash, assigning the next if new. */
    String pseudonymFor(String keyedHashOfOriginalId);
}
