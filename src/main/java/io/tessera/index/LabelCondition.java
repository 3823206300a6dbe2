package io.tessera.index;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The "study carries a label" filter that QIDO-RS, manifests and archives share, as a SQL boolean expression with
 * its bind values in the order of its {@code ?} placeholders. A study carries a label when the label is on the
 * study's UID, on one of its series or on one of its instances, within the study's own collection.
 */
public record LabelCondition(String sql, List<Object> binds) {
    private static final Pattern SQL_ALIAS = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * SQL condition, for a query over {@code study} aliased {@code studyAlias}, true when that study carries the
     * label (see the class comment). Placeholders are JDBC {@code ?}; append the binds in order. Each level is its
     * own EXISTS so every branch is an index lookup on label (collection_id, label, level, uid).
     */
    public static LabelCondition studyCarries(String studyAlias, String labelName, String value) {
        if (!SQL_ALIAS.matcher(studyAlias).matches()) {
            throw new IllegalArgumentException("not a SQL alias: " + studyAlias);
        }
        String st = studyAlias;
        String match = " lb.collection_id = " + st + ".collection_id AND lb.label = ?"
                + (value == null ? "" : " AND lb.label_value = ?");
        String sql = "(EXISTS (SELECT 1 FROM label lb WHERE" + match
                + " AND lb.level = 'STUDY' AND lb.uid = " + st + ".study_instance_uid)"
                + " OR EXISTS (SELECT 1 FROM series ls JOIN label lb ON lb.uid = ls.series_instance_uid"
                + " AND lb.level = 'SERIES' WHERE ls.study_id = " + st + ".id AND" + match + ")"
                + " OR EXISTS (SELECT 1 FROM series ls JOIN instance li ON li.series_id = ls.id"
                + " JOIN label lb ON lb.uid = li.sop_instance_uid AND lb.level = 'INSTANCE'"
                + " WHERE ls.study_id = " + st + ".id AND" + match + "))";
        List<Object> binds = new ArrayList<>();
        for (int branch = 0; branch < 3; branch++) {
            binds.add(labelName);
            if (value != null) {
                binds.add(value);
            }
        }
        return new LabelCondition(sql, List.copyOf(binds));
    }

    /**
     * The same condition over a published version's rows ({@code version_instance} aliased {@code rowAlias}): the
     * study of the row carries the label on its UID, or on one of its series or instances within version
     * {@code version}. Labels are the current ones; versions do not copy them (docs/versions.md).
     */
    public static LabelCondition versionStudyCarries(String rowAlias, String labelName, String value, int version) {
        if (!SQL_ALIAS.matcher(rowAlias).matches()) {
            throw new IllegalArgumentException("not a SQL alias: " + rowAlias);
        }
        String v = rowAlias;
        String match = " lb.collection_id = " + v + ".collection_id AND lb.label = ?"
                + (value == null ? "" : " AND lb.label_value = ?");
        String sql = "(EXISTS (SELECT 1 FROM label lb WHERE" + match
                + " AND lb.level = 'STUDY' AND lb.uid = " + v + ".study_instance_uid)"
                + " OR EXISTS (SELECT 1 FROM version_instance lv JOIN label lb ON"
                + " (lb.level = 'SERIES' AND lb.uid = lv.series_instance_uid"
                + " OR lb.level = 'INSTANCE' AND lb.uid = lv.sop_instance_uid)"
                + " WHERE lv.collection_id = " + v + ".collection_id"
                + " AND lv.study_instance_uid = " + v + ".study_instance_uid"
                + " AND lv.first_version <= ? AND (lv.end_version IS NULL OR lv.end_version > ?) AND" + match + "))";
        List<Object> binds = new ArrayList<>();
        binds.add(labelName);
        if (value != null) {
            binds.add(value);
        }
        binds.add(version);
        binds.add(version);
        binds.add(labelName);
        if (value != null) {
            binds.add(value);
        }
        return new LabelCondition(sql, List.copyOf(binds));
    }
}
