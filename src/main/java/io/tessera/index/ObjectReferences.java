package io.tessera.index;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which stored objects the index still needs: those an instance row points at, and those a published version holds
 * (docs/versions.md), unless withdrawn. An object may be deleted only after a committed transaction left it
 * unreferenced, so whoever deletes asks here after its own commit; a crash in between leaves an orphan for the
 * sweeper, never a row without its object.
 */
@ApplicationScoped
public class ObjectReferences {
    private final EntityManager entityManager;

    ObjectReferences(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The keys among {@code keys} that something in the index points at, read in a transaction of its own. */
    public Set<String> referenced(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<String> list = List.copyOf(keys);
        return QuarkusTransaction.requiringNew().call(() -> {
            Set<String> referenced = new HashSet<>(entityManager
                    .createQuery("select i.objectKey from InstanceEntity i where i.objectKey in :keys", String.class)
                    .setParameter("keys", list)
                    .getResultList());
            @SuppressWarnings("unchecked")
            List<String> versioned = entityManager.createNativeQuery("SELECT object_key FROM version_instance"
                            + " WHERE withdrawal_id IS NULL AND object_key IN (:keys)")
                    .setParameter("keys", list)
                    .getResultList();
            referenced.addAll(versioned);
            return referenced;
        });
    }
}
