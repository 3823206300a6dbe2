package io.tessera.index;

/**
 * Where a clinical table is stored: a collection's current table (V8, keyed by its collection id) or a published
 * version's snapshot of it (V13, keyed by snapshot id). Both have the same shape, so every query over one is the
 * same SQL with these names (docs/versions.md).
 */
public enum ClinicalTables {
    CURRENT("clinical_table", "clinical_column", "clinical_row", "clinical_value", "collection_id"),
    SNAPSHOT("clinical_snapshot", "clinical_snapshot_column", "clinical_snapshot_row", "clinical_snapshot_value",
            "snapshot_id");

    /** The table's description: level, row count, SHA-256, import time. */
    public final String table;
    public final String columns;
    public final String rows;
    public final String values;
    /** The column every one of the four tables is keyed by. */
    public final String key;

    ClinicalTables(String table, String columns, String rows, String values, String key) {
        this.table = table;
        this.columns = columns;
        this.rows = rows;
        this.values = values;
        this.key = key;
    }
}
