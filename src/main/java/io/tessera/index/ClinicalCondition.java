package io.tessera.index;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Clinical filters as a SQL boolean expression with its bind values in the order of its {@code ?} placeholders, in
 * the shape of {@link LabelCondition}: the clinical table's own query, QIDO-RS, manifests and archives share it.
 * All filters must hold on the same clinical row; every comparison is an index lookup on clinical_value (or, within
 * a published version, on its snapshot: {@link ClinicalTables}).
 */
public record ClinicalCondition(String sql, List<Object> binds) {
    private static final Pattern SQL_ALIAS = Pattern.compile("[a-z_][a-z0-9_]*");

    /** True when the clinical row aliased {@code rowAlias}, a row of {@code tables}, satisfies every filter. */
    public static ClinicalCondition rowMatches(ClinicalTables tables, String rowAlias,
                                               List<ClinicalFilter.Typed> filters) {
        String cr = alias(rowAlias);
        String key = tables.key;
        List<String> parts = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        for (ClinicalFilter.Typed filter : filters) {
            String comparison = filter.number() != null
                    ? "cv.number_value " + filter.filter().operator().sql + " ?"
                    : "cv.text_value = ?";
            parts.add("EXISTS (SELECT 1 FROM " + tables.values + " cv JOIN " + tables.columns + " cc"
                    + " ON cc." + key + " = cv." + key + " AND cc.column_index = cv.column_index"
                    + " WHERE cv." + key + " = " + cr + "." + key + " AND cv.row_index = " + cr + ".row_index"
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
        return studyMatches(ClinicalTables.CURRENT, "cr.collection_id = " + alias(studyAlias) + ".collection_id",
                List.of(), studyAlias, filters);
    }

    /**
     * As {@link #studyMatches(String, List)} within a published version: the row is looked up in the version's
     * snapshot of the table, {@code snapshotId}, rather than in today's table.
     */
    public static ClinicalCondition snapshotStudyMatches(long snapshotId, String studyAlias,
                                                         List<ClinicalFilter.Typed> filters) {
        return studyMatches(ClinicalTables.SNAPSHOT, "cr.snapshot_id = ?", List.of(snapshotId), studyAlias, filters);
    }

    private static ClinicalCondition studyMatches(ClinicalTables tables, String tableCondition, List<Object> tableBinds,
                                                  String studyAlias, List<ClinicalFilter.Typed> filters) {
        String st = alias(studyAlias);
        ClinicalCondition row = rowMatches(tables, "cr", filters);
        List<Object> binds = new ArrayList<>(tableBinds);
        binds.addAll(row.binds());
        return new ClinicalCondition("EXISTS (SELECT 1 FROM " + tables.rows + " cr WHERE " + tableCondition
                + " AND cr.patient_id = " + st + ".patient_id AND (cr.study_instance_uid IS NULL"
                + " OR cr.study_instance_uid = " + st + ".study_instance_uid) AND " + row.sql() + ")",
                List.copyOf(binds));
    }

    private static String alias(String alias) {
        if (!SQL_ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("not a SQL alias: " + alias);
        }
        return alias;
    }
}
