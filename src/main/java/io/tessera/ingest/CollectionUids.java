package io.tessera.ingest;

import io.tessera.deid.UidRemapper;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The UID replacements of a de-identifying collection, the very ones ingest applies, for callers that hold a
 * provider's original UIDs (label imports). Empty for a collection that stores UIDs as received.
 */
@ApplicationScoped
public class CollectionUids {
    private final CollectionSecrets secrets;

    CollectionUids(CollectionSecrets secrets) {
        this.secrets = secrets;
    }

    public Optional<UidRemapper> replacementsOf(CollectionEntity collection) {
        if (collection.deidentificationProfile == CollectionEntity.DeidentificationProfile.NONE) {
            return Optional.empty();
        }
        return Optional.of(UidRemapper.forSecret(secrets.of(collection.id)));
    }
}
