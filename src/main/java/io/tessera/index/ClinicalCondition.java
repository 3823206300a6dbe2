package io.tessera.index;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Clinical filters as a SQL boolean expression with its bind values in the order of its {@code ?} placeholders, in
 * the shape of {@link LabelCondition}: the clinical table's own query, QIDO-RS, manifests and archives share it.
 * All filters must hold on the same clinical row; every comparison is an index lookup on clinical_value.
 */
public record ClinicalCondition(String sql, List<Object> binds) {
    private static final Pattern SQL_ALIAS = Pattern.compile("[a-z_][a-z0-9_]*");

    /** True when the clinical row aliased {@code rowAlias} satisfies every filter. */
    public static ClinicalCondition rowMatches(String rowAlias, List<ClinicalFilter.Typed> filters) {
        String cr = alias(rowAlias);
        List<String> parts = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        for (ClinicalFilter.Typed filter : filters) {
            String comparison = filter.number() != null
                    ? "cv.number_value " + filter.filter().operator().sql + " ?"
                    : "cv.text_value = ?";
            parts.add("EXISTS (SELECT 1 FROM clinical_value cv JOIN clinical_column cc"
                    + " ON cc.collection_id = cv.collection_id AND cc.column_index = cv.column_index"
                    + " WHERE cv.collection_id = " + cr + ".collection_id AND cv.row_index = " + cr + ".row_index"
                    + " AND cc.name = ? AND " + comparison + ")");
            binds.add(filter.filter().column());
            binds.add(filter.number() != null ? filter.number() : filter.filter().operand());
        }
        return new ClinicalCondition(parts.isEmpty() ? "1 = 1" : "(" + String.join(" AND ", parts) + ")",
                List.copyOf(binds));
    }

    /**
     * True when the study aliased {@code studyAlias} has a clinical row in its collection satisfying every filter:
     * its patient's row, or, in a table of studies, its own.
     */
    public static ClinicalCondition studyMatches(String studyAlias, List<ClinicalFilter.Typed> filters) {
        String st = alias(studyAlias);
        ClinicalCondition row = rowMatches("cr", filters);
        return new ClinicalCondition("EXISTS (SELECT 1 FROM clinical_row cr WHERE cr.collection_id = " + st
                + ".collection_id AND cr.patient_id = " + st + ".patient_id AND (cr.study_instance_uid IS NULL"
                + " OR cr.study_instance_uid = " + st + ".study_instance_uid) AND " + row.sql() + ")", row.binds());
    }

    private static String alias(String alias) {
        if (!SQL_ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("not a SQL alias: " + alias);
        }
        return alias;
    }
}
