package io.tessera.collections;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live figures of collections, computed by aggregate SQL over the index and the labels. Only STORED instances
 * count; a study or series with none is invisible, as in QIDO-RS.
 */
@ApplicationScoped
public class CollectionStatistics {
    private static final String COUNTS = """
            SELECT st.collection_id, COUNT(DISTINCT st.patient_id), COUNT(DISTINCT st.id), COUNT(DISTINCT se.id),
                   COUNT(*), COALESCE(SUM(i.size_bytes), 0)
            FROM instance i JOIN series se ON se.id = i.series_id JOIN study st ON st.id = se.study_id
            WHERE i.status = 'STORED' AND st.collection_id IN (:ids)
            GROUP BY st.collection_id""";
    private static final String MODALITIES = """
            SELECT DISTINCT st.collection_id, se.modality
            FROM series se JOIN study st ON st.id = se.study_id
            WHERE st.collection_id IN (:ids) AND se.modality IS NOT NULL
              AND EXISTS (SELECT 1 FROM instance i WHERE i.series_id = se.id AND i.status = 'STORED')""";
    private static final String LABELS = """
            SELECT collection_id, label, COUNT(DISTINCT uid) FROM label
            WHERE collection_id IN (:ids) GROUP BY collection_id, label""";

    /** Patients are distinct Patient IDs; bytes are the stored Part 10 objects. */
    public record Counts(long patients, long studies, long series, long instances, long bytes) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0);
    }

    /** The figures of one collection. */
    public record Figures(Counts counts, List<String> modalities, Map<String, Long> labels) {
    }

    private final EntityManager entityManager;

    CollectionStatistics(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Figures per collection id, for every id asked (zeros and empty lists for empty collections). */
    public Map<Long, Figures> of(Collection<Long> collectionIds) {
        Map<Long, Figures> figures = new HashMap<>();
        if (collectionIds.isEmpty()) {
            return figures;
        }
        Map<Long, Counts> counts = new HashMap<>();
        for (Object[] row : rows(COUNTS, collectionIds)) {
            counts.put(number(row[0]), new Counts(number(row[1]), number(row[2]), number(row[3]), number(row[4]),
                    number(row[5])));
        }
        Map<Long, TreeSet<String>> modalities = new HashMap<>();
        for (Object[] row : rows(MODALITIES, collectionIds)) {
            modalities.computeIfAbsent(number(row[0]), id -> new TreeSet<>()).add((String) row[1]);
        }
        Map<Long, TreeMap<String, Long>> labels = new HashMap<>();
        for (Object[] row : rows(LABELS, collectionIds)) {
            labels.computeIfAbsent(number(row[0]), id -> new TreeMap<>()).put((String) row[1], number(row[2]));
        }
        for (Long id : collectionIds) {
            figures.put(id, new Figures(counts.getOrDefault(id, Counts.NONE),
                    List.copyOf(modalities.getOrDefault(id, new TreeSet<>())),
                    labels.getOrDefault(id, new TreeMap<>())));
        }
        return figures;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Collection<Long> collectionIds) {
        return entityManager.createNativeQuery(sql).setParameter("ids", collectionIds).getResultList();
    }

    /** H2 and PostgreSQL return COUNT and SUM as different number types. */
    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
