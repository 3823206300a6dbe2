package io.tessera.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each collection's de-identification secret (table {@code collection_secret}): 32 random bytes made on first use and
 * never changed, so every replica and every later upload derive the same UIDs, date shifts and patient keys. Cached,
 * as it never changes; never logged.
 */
@ApplicationScoped
class CollectionSecrets {
    private static final int SECRET_BYTES = 32;

    private final EntityManager entityManager;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, byte[]> cache = new ConcurrentHashMap<>();

    CollectionSecrets(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    byte[] of(long collectionId) {
        return cache.computeIfAbsent(collectionId, this::loadOrCreate).clone();
    }

    private byte[] loadOrCreate(long collectionId) {
        byte[] stored = load(collectionId);
        if (stored != null) {
            return stored;
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("INSERT INTO collection_secret (collection_id, secret) VALUES (?1, ?2)")
                    .setParameter(1, collectionId).setParameter(2, secret).executeUpdate());
            return secret;
        } catch (RuntimeException racedByAnotherIngest) {
            byte[] winner = load(collectionId);
            if (winner == null) {
                throw racedByAnotherIngest;
            }
            return winner;
        }
    }

    private byte[] load(long collectionId) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT secret FROM collection_secret WHERE collection_id = ?1")
                .setParameter(1, collectionId).getResultList());
        return rows.isEmpty() ? null : (byte[]) rows.get(0);
    }
}
