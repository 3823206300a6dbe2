package io.tessera.dicom.multipart;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An insertion-ordered map whose keys compare ignoring case, as header and media type parameter names do. Each
 * key keeps the spelling it was put with. Equality and hash code ignore key case too, so compare two of these,
 * not one of these with an ordinary map.
 */
final class CaseInsensitiveMap extends AbstractMap<String, String> {
    private final LinkedHashMap<String, Map.Entry<String, String>> entriesByFoldedKey = new LinkedHashMap<>();

    private static String fold(Object key) {
        return key instanceof String name ? name.toLowerCase(Locale.ROOT) : null;
    }

    @Override
    public String put(String key, String value) {
        Map.Entry<String, String> previous =
                entriesByFoldedKey.put(fold(key), new AbstractMap.SimpleImmutableEntry<>(key, value));
        return previous == null ? null : previous.getValue();
    }

    @Override
    public String get(Object key) {
        Map.Entry<String, String> entry = entriesByFoldedKey.get(fold(key));
        return entry == null ? null : entry.getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return entriesByFoldedKey.containsKey(fold(key));
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return Collections.unmodifiableCollection(entriesByFoldedKey.values()).iterator();
            }

            @Override
            public int size() {
                return entriesByFoldedKey.size();
            }
        };
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<String, String> entry : entriesByFoldedKey.values()) {
            hash += fold(entry.getKey()).hashCode() ^ entry.getValue().hashCode();
        }
        return hash;
    }
}
