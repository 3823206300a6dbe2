package io.tessera.deid;

import java.util.HashMap;
import java.util.Map;

/** Numbers patients in order of first sight, as the archive's persistent store does. */
final class MapPseudonymStore implements PseudonymStore {
    private final String prefix;
    private final Map<String, String> byHash = new HashMap<>();

    MapPseudonymStore(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public synchronized String pseudonymFor(String keyedHashOfOriginalId) {
        return byHash.computeIfAbsent(keyedHashOfOriginalId, hash -> String.format("%s-%04d", prefix, byHash.size() + 1));
    }

    Map<String, String> assigned() {
        return Map.copyOf(byHash);
    }
}
