package io.tessera.dicomweb.qido;

import io.tessera.index.qido.IndexedAttribute;
import io.tessera.index.qido.QidoQuery;
import java.util.List;
import java.util.Set;

/**
 * A QIDO-RS request understood: the index query, the attributes to return, whether the limit was cut to the
 * maximum, and the query keys that could not be used for matching (reported in a Warning header).
 */
public record QidoRequest(QidoQuery query, Set<IndexedAttribute> returnAttributes, boolean limitCut, List<String> unusedKeys) {
}
