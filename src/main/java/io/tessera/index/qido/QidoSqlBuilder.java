package io.tessera.index.qido;

import io.tessera.index.ClinicalCondition;
import io.tessera.index.LabelCondition;
import io.tessera.dicom.Vr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link QidoQuery} into one SQL statement over the index tables. Values only ever become bind
 * parameters; the statement text is made of fixed column names and operators.
 * <p>
 * Only instances with status STORED are visible; a study or series is visible once one of its instances is.
 * The page asks for one row more than the limit so the caller can tell whether more results exist.
 */
final class QidoSqlBuilder {
    /** LIKE escape character; chosen over backslash, whose meaning in string literals differs between databases. */
    private static final char LIKE_ESCAPE = '!';

    private final StringBuilder sql = new StringBuilder(512);
    private final List<Object> binds = new ArrayList<>();

    /** The statement text, its bind values in order, and the attributes in select-list order. */
    record Statement(String sql, List<Object> binds, List<IndexedAttribute> columns) {
    }

    static Statement build(QidoQuery query) {
        return new QidoSqlBuilder().statement(query);
    }

    private Statement statement(QidoQuery query) {
        QueryLevel level = query.level();
        List<IndexedAttribute> columns = Arrays.stream(IndexedAttribute.values())
                .filter(attribute -> level.includes(attribute.level()))
                .toList();
        sql.append("SELECT ").append(String.join(", ", columns.stream().map(IndexedAttribute::column).toList()));
        switch (level) {
            case STUDY -> sql.append(" FROM study st WHERE EXISTS (SELECT 1 FROM series vs JOIN instance vi"
                    + " ON vi.series_id = vs.id WHERE vs.study_id = st.id AND vi.status = 'STORED')");
            case SERIES -> sql.append(" FROM series se JOIN study st ON st.id = se.study_id"
                    + " WHERE EXISTS (SELECT 1 FROM instance vi WHERE vi.series_id = se.id AND vi.status = 'STORED')");
            case INSTANCE -> sql.append(" FROM instance i JOIN series se ON se.id = i.series_id"
                    + " JOIN study st ON st.id = se.study_id WHERE i.status = 'STORED'");
        }
        if (query.collectionIds() != null) {
            appendCollections(query.collectionIds());
        }
        for (MatchCondition condition : query.conditions()) {
            sql.append(" AND ");
            appendCondition(condition);
        }
        if (query.label() != null) {
            LabelCondition carries = LabelCondition.studyCarries("st", query.label(), null);
            sql.append(" AND ").append(carries.sql());
            binds.addAll(carries.binds());
        }
        if (!query.clinical().isEmpty()) {
            ClinicalCondition matches = ClinicalCondition.studyMatches("st", query.clinical());
            sql.append(" AND ").append(matches.sql());
            binds.addAll(matches.binds());
        }
        // Newest studies first, then series and instances in acquisition order; ids make the order total.
        sql.append(" ORDER BY st.study_date DESC NULLS LAST, st.study_time DESC NULLS LAST, st.id DESC");
        if (level.includes(QueryLevel.SERIES)) {
            sql.append(", se.series_number NULLS LAST, se.id");
        }
        if (level.includes(QueryLevel.INSTANCE)) {
            sql.append(", i.instance_number NULLS LAST, i.id");
        }
        sql.append(" LIMIT ? OFFSET ?");
        binds.add(query.limit() + 1);
        binds.add(query.offset());
        return new Statement(sql.toString(), List.copyOf(binds), columns);
    }

    /** Sorted, so that equal scopes give equal statement texts (one prepared-statement cache entry). */
    private void appendCollections(Set<Long> collectionIds) {
        if (collectionIds.isEmpty()) {
            sql.append(" AND 1 = 0");
            return;
        }
        sql.append(" AND st.collection_id IN (")
                .append(String.join(", ", collectionIds.stream().map(id -> "?").toList())).append(')');
        collectionIds.stream().sorted().forEach(binds::add);
    }

    private void appendCondition(MatchCondition condition) {
        if (condition instanceof MatchCondition.MatchesNothing) {
            sql.append("1 = 0");
            return;
        }
        IndexedAttribute attribute = ((MatchCondition.OnAttribute) condition).attribute();
        if (attribute == IndexedAttribute.MODALITIES_IN_STUDY) {
            // PS3.4 C.2.2.2 on a multi-valued attribute: the study matches if any one of its modalities does.
            sql.append("EXISTS (SELECT 1 FROM series ms WHERE ms.study_id = st.id AND ");
            appendColumnCondition(condition, attribute);
            sql.append(')');
        } else {
            appendColumnCondition(condition, attribute);
        }
    }

    private void appendColumnCondition(MatchCondition condition, IndexedAttribute attribute) {
        String column = attribute.matchColumn();
        if (condition instanceof MatchCondition.SingleValue single) {
            sql.append(column).append(" = ?");
            binds.add(typed(attribute, single.value()));
        } else if (condition instanceof MatchCondition.AnyOf anyOf) {
            sql.append(column).append(" IN (").append(String.join(", ", anyOf.values().stream().map(v -> "?").toList()))
                    .append(')');
            anyOf.values().forEach(value -> binds.add(typed(attribute, value)));
        } else if (condition instanceof MatchCondition.Wildcard wildcard) {
            sql.append(column).append(" LIKE ? ESCAPE '").append(LIKE_ESCAPE).append('\'');
            binds.add(likePattern(wildcard.pattern()));
        } else if (condition instanceof MatchCondition.Range range) {
            appendRange(column, range);
        } else if (condition instanceof MatchCondition.FuzzyName fuzzy) {
            appendFuzzyName(column, fuzzy);
        }
    }

    private void appendRange(String column, MatchCondition.Range range) {
        List<String> bounds = new ArrayList<>(2);
        if (range.lower() != null) {
            bounds.add(column + " >= ?");
            binds.add(range.lower());
        }
        if (range.upper() != null) {
            bounds.add(column + " <= ?");
            binds.add(range.upper());
        }
        sql.append('(').append(String.join(" AND ", bounds)).append(')');
    }

    /** Each word must begin a word of the name; component (^) and group (=) separators count as spaces. */
    private void appendFuzzyName(String column, MatchCondition.FuzzyName fuzzy) {
        List<String> words = new ArrayList<>();
        for (String word : fuzzy.words()) {
            words.add("(' ' || TRANSLATE(" + column + ", '^=', '  ')) LIKE ? ESCAPE '" + LIKE_ESCAPE + "'");
            binds.add("% " + escapeLike(word) + "%");
        }
        sql.append('(').append(String.join(" AND ", words)).append(')');
    }

    /** IS values are stored as integers; the parser has checked they parse. */
    private static Object typed(IndexedAttribute attribute, String value) {
        return attribute.vr() == Vr.IS ? Integer.valueOf(value) : value;
    }

    private static String likePattern(String dicomPattern) {
        StringBuilder like = new StringBuilder(dicomPattern.length() + 4);
        for (char c : dicomPattern.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                default -> appendEscaped(like, c);
            }
        }
        return like.toString();
    }

    private static String escapeLike(String literal) {
        StringBuilder like = new StringBuilder(literal.length() + 4);
        for (char c : literal.toCharArray()) {
            appendEscaped(like, c);
        }
        return like.toString();
    }

    private static void appendEscaped(StringBuilder like, char c) {
        if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
            like.append(LIKE_ESCAPE);
        }
        like.append(c);
    }
}
