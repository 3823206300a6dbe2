package io.tessera.ingest;

import io.tessera.deid.BurnedInAnnotationPolicy;
import io.tessera.deid.DeidContext;
import io.tessera.dicom.Dataset;

/**
 * What a collection asks of ingest.
 *
 * @param deidentification how to de-identify, or null when instances arrive de-identified (profile {@code none})
 * @param publishBurnedIn  whether instances that may show burned-in text are published rather than quarantined
 */
record CollectionPolicy(DeidContext deidentification, boolean publishBurnedIn) {
    static final CollectionPolicy AS_RECEIVED = new CollectionPolicy(null, true);

    boolean deidentifies() {
        return deidentification != null;
    }

    /**
     * Quarantine guards de-identifying collections only: a collection of profile {@code none} holds data its
     * provider de-identified, pixels included.
     */
    boolean quarantines(Dataset deidentified) {
        return deidentifies() && !publishBurnedIn && BurnedInAnnotationPolicy.mayCarryBurnedInText(deidentified);
    }
}
