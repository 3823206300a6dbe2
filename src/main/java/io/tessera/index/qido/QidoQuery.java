package io.tessera.index.qido;

import java.util.List;

/**
 * A parsed QIDO-RS search: the level, the collection it is scoped to (null for every collection), the matching
 * conditions (all must hold) and the page.
 */
public record QidoQuery(QueryLevel level, Long collectionId, List<MatchCondition> conditions, int limit, int offset) {
    public QidoQuery {
        conditions = List.copyOf(conditions);
    }
}
