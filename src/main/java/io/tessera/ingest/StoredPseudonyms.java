package io.tessera.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.deid.PseudonymStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;

/**
 * Patient pseudonyms kept in table {@code patient_pseudonym}: the collection's slug upper-cased, a hyphen and a
 * number counted from 1 per collection, e.g. {@code RICORD-1A-0007}. Concurrent ingests of new patients race for the
 * next number; the unique constraints let one win and the others retry with the number after.
 */
@ApplicationScoped
class StoredPseudonyms {
    private static final int ATTEMPTS = 20;
    /** Patient ID is LO (64 characters); the number takes up to 10 more and a hyphen. */
    private static final int PREFIX_WIDTH = 53;

    private final EntityManager entityManager;

    StoredPseudonyms(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The pseudonyms of one collection. */
    PseudonymStore of(long collectionId, String slug) {
        String upper = slug.toUpperCase(Locale.ROOT);
        String prefix = upper.length() <= PREFIX_WIDTH ? upper : upper.substring(0, PREFIX_WIDTH);
        return keyedHash -> pseudonymFor(collectionId, prefix, keyedHash);
    }

    private String pseudonymFor(long collectionId, String prefix, String keyedHash) {
        for (int attempt = 1; ; attempt++) {
            String known = find(collectionId, keyedHash);
            if (known != null) {
                return known;
            }
            try {
                return QuarkusTransaction.requiringNew().call(() -> allocate(collectionId, prefix, keyedHash));
            } catch (RuntimeException lostTheRace) {
                if (attempt == ATTEMPTS) {
                    throw lostTheRace;
                }
            }
        }
    }

    private String find(long collectionId, String keyedHash) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT pseudonym FROM patient_pseudonym WHERE collection_id = ?1 AND keyed_hash = ?2")
                .setParameter(1, collectionId).setParameter(2, keyedHash).getResultList());
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    private String allocate(long collectionId, String prefix, String keyedHash) {
        Number last = (Number) entityManager
                .createNativeQuery("SELECT COALESCE(MAX(sequence_number), 0) FROM patient_pseudonym WHERE collection_id = ?1")
                .setParameter(1, collectionId).getSingleResult();
        int number = last.intValue() + 1;
        String pseudonym = String.format(Locale.ROOT, "%s-%04d", prefix, number);
        entityManager.createNativeQuery("INSERT INTO patient_pseudonym (collection_id, keyed_hash, pseudonym, "
                        + "sequence_number) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, collectionId).setParameter(2, keyedHash).setParameter(3, pseudonym)
                .setParameter(4, number).executeUpdate();
        return pseudonym;
    }
}
