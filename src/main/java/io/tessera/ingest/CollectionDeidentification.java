package io.tessera.ingest;

import io.tessera.deid.DeidContext;
import io.tessera.deid.DeidProfile;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A collection's de-identification context (its options, secret and pseudonyms), for everything that must map
 * identities exactly as ingest does: the images, and the clinical table keyed by the same patients.
 */
@ApplicationScoped
public class CollectionDeidentification {
    private final CollectionSecrets secrets;
    private final StoredPseudonyms pseudonyms;

    CollectionDeidentification(CollectionSecrets secrets, StoredPseudonyms pseudonyms) {
        this.secrets = secrets;
        this.pseudonyms = pseudonyms;
    }

    /** The context of {@code collection}, or null when it stores what it receives (profile {@code none}). */
    public DeidContext contextOf(CollectionEntity collection) {
        if (collection.deidentificationProfile == CollectionEntity.DeidentificationProfile.NONE) {
            return null;
        }
        return new DeidContext(DeidProfile.ofCodes(collection.deidentificationOptionCodes()),
                secrets.of(collection.id), pseudonyms.of(collection.id, collection.slug));
    }
}
