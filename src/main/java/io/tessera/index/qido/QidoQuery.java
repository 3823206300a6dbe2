package io.tessera.index.qido;

import io.tessera.index.ClinicalFilter;
import java.util.List;
import java.util.Set;

/**
 * A parsed QIDO-RS search: the level, the collections it stays within (null for every collection; the one of a
 * scoped root, or those the caller may read), the matching conditions (all must hold), the label the study must
 * carry (null for none; Tessera's {@code label=NAME} parameter), the clinical filters its patient's (or its own)
 * clinical row must satisfy (Tessera's {@code clinical.<column>} parameters) and the page.
 */
public record QidoQuery(QueryLevel level, Set<Long> collectionIds, List<MatchCondition> conditions, String label,
                        List<ClinicalFilter.Typed> clinical, int limit, int offset) {
    public QidoQuery {
        collectionIds = collectionIds == null ? null : Set.copyOf(collectionIds);
        conditions = List.copyOf(conditions);
        clinical = List.copyOf(clinical);
    }
}
