package io.tessera.collections;

import io.tessera.index.ClinicalColumnType;
import io.tessera.index.ClinicalCondition;
import io.tessera.index.ClinicalTables;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The clinical tables (V8: clinical_table, clinical_column, clinical_row, clinical_value) through JDBC: a table is
 * replaced whole in one transaction, with batched inserts, and read back in its canonical row order. Published
 * versions read the snapshot they were published with (V13), copied by {@link #snapshot} (docs/versions.md).
 */
@ApplicationScoped
public class ClinicalStore {
    private static final int BATCH = 1000;

    /** A stored table's description, without its rows. */
    record Stored(ClinicalTable.Level level, List<ClinicalTable.Column> columns, int rowCount, String sha256,
                  OffsetDateTime importedAt) {
    }

    /** One clinical table: a collection's current one, or a snapshot that published versions hold. */
    record Ref(ClinicalTables tables, long id) {
        static Ref current(long collectionId) {
            return new Ref(ClinicalTables.CURRENT, collectionId);
        }

        /**
         * The table that requests of {@code version} read (null: the current content, today's table); empty when the
         * version was published without one.
         */
        static Optional<Ref> of(CollectionEntity collection, CollectionVersionEntity version) {
            if (version == null) {
                return Optional.of(current(collection.id));
            }
            return Optional.ofNullable(version.clinicalSnapshotId).map(id -> new Ref(ClinicalTables.SNAPSHOT, id));
        }
    }

    private final DataSource dataSource;

    ClinicalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The table, if there is one. */
    Optional<Stored> table(Ref ref) {
        try (Connection connection = dataSource.getConnection()) {
            return table(connection, ref);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the clinical table", e);
        }
    }

    /**
     * Replaces the collection's table with {@code table}; false, and nothing written, when the stored table is the
     * same. The collection's row is locked meanwhile, so concurrent imports replace one after the other.
     */
    @Transactional
    boolean replace(long collectionId, ClinicalTable table) {
        String sha256 = table.sha256();
        try (Connection connection = dataSource.getConnection()) {
            update(connection, "SELECT id FROM collection WHERE id = ? FOR UPDATE", collectionId);
            Optional<Stored> stored = table(connection, Ref.current(collectionId));
            if (stored.isPresent() && stored.get().sha256().equals(sha256)) {
                return false;
            }
            for (String child : List.of("clinical_value", "clinical_row", "clinical_column", "clinical_table")) {
                update(connection, "DELETE FROM " + child + " WHERE collection_id = ?", collectionId);
            }
            update(connection, "INSERT INTO clinical_table (collection_id, level, row_count, sha256, imported_at)"
                    + " VALUES (?, ?, ?, ?, ?)", collectionId, table.level().name(), table.rows().size(), sha256,
                    OffsetDateTime.now());
            insertColumns(connection, collectionId, table.columns());
            insertRows(connection, collectionId, table);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the clinical table", e);
        }
    }

    /** The rows of the table satisfying {@code condition} (on alias {@code cr}), in canonical order. */
    List<ClinicalTable.Row> rows(Ref ref, int columnCount, ClinicalCondition condition) {
        ClinicalTables t = ref.tables();
        String sql = "SELECT cr.row_index, cr.patient_id, cr.study_instance_uid, cv.column_index, cv.text_value"
                + " FROM " + t.rows + " cr LEFT JOIN " + t.values + " cv ON cv." + t.key + " = cr." + t.key
                + " AND cv.row_index = cr.row_index WHERE cr." + t.key + " = ? AND " + condition.sql()
                + " ORDER BY cr.row_index, cv.column_index";
        List<ClinicalTable.Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, ref.id());
            for (int i = 0; i < condition.binds().size(); i++) {
                statement.setObject(i + 2, condition.binds().get(i));
            }
            try (ResultSet results = statement.executeQuery()) {
                int current = -1;
                String[] values = null;
                String patient = null;
                String study = null;
                while (results.next()) {
                    int row = results.getInt(1);
                    if (row != current) {
                        if (values != null) {
                            rows.add(new ClinicalTable.Row(patient, study, Arrays.asList(values)));
                        }
                        current = row;
                        values = new String[columnCount];
                        patient = results.getString(2);
                        study = results.getString(3);
                    }
                    int column = results.getInt(4);
                    if (!results.wasNull()) {
                        values[column] = results.getString(5);
                    }
                }
                if (values != null) {
                    rows.add(new ClinicalTable.Row(patient, study, Arrays.asList(values)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the clinical table", e);
        }
        return rows;
    }

    /** The table as CSV, only the rows {@code condition} (on alias {@code cr}) selects; empty when no table. */
    Optional<String> csv(Ref ref, ClinicalCondition condition) {
        return table(ref).map(stored -> ClinicalTable.csv(stored.level(), stored.columns(),
                rows(ref, stored.columns().size(), condition)));
    }

    /** Per category column (by index), each value and the number of rows holding it, values sorted. */
    Map<Integer, Map<String, Long>> categoryCounts(Ref ref) {
        ClinicalTables t = ref.tables();
        String sql = "SELECT cv.column_index, cv.text_value, COUNT(*) FROM " + t.values + " cv JOIN " + t.columns
                + " cc ON cc." + t.key + " = cv." + t.key + " AND cc.column_index = cv.column_index"
                + " WHERE cv." + t.key + " = ? AND cc.value_type = 'CATEGORY'"
                + " GROUP BY cv.column_index, cv.text_value ORDER BY cv.column_index, cv.text_value";
        Map<Integer, Map<String, Long>> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, ref.id());
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    counts.computeIfAbsent(results.getInt(1), c -> new LinkedHashMap<>())
                            .put(results.getString(2), results.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the clinical table", e);
        }
        return counts;
    }

    /**
     * A snapshot of the collection's current table for the version being published, within the publishing
     * transaction (the caller holds the collection row's lock, as {@link #replace} takes it): the earlier snapshot
     * of the collection with the same content (SHA-256) if there is one, else a copy made now by four set-based
     * statements. Empty when the collection has no table.
     */
    Optional<Long> snapshot(long collectionId) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Long> same = single(connection, "SELECT s.snapshot_id FROM clinical_snapshot s"
                    + " JOIN clinical_table t ON t.collection_id = s.collection_id AND t.sha256 = s.sha256"
                    + " WHERE s.collection_id = ?", collectionId);
            if (same.isPresent() || single(connection, "SELECT 1 FROM clinical_table WHERE collection_id = ?",
                    collectionId).isEmpty()) {
                return same;
            }
            long id = single(connection, "SELECT nextval('clinical_snapshot_seq')").orElseThrow();
            update(connection, "INSERT INTO clinical_snapshot (snapshot_id, collection_id, level, row_count, sha256,"
                    + " imported_at) SELECT ?, collection_id, level, row_count, sha256, imported_at FROM clinical_table"
                    + " WHERE collection_id = ?", id, collectionId);
            update(connection, "INSERT INTO clinical_snapshot_column (snapshot_id, column_index, name, value_type)"
                    + " SELECT ?, column_index, name, value_type FROM clinical_column WHERE collection_id = ?",
                    id, collectionId);
            update(connection, "INSERT INTO clinical_snapshot_row (snapshot_id, row_index, patient_id,"
                    + " study_instance_uid) SELECT ?, row_index, patient_id, study_instance_uid FROM clinical_row"
                    + " WHERE collection_id = ?", id, collectionId);
            update(connection, "INSERT INTO clinical_snapshot_value (snapshot_id, row_index, column_index, text_value,"
                    + " number_value) SELECT ?, row_index, column_index, text_value, number_value FROM clinical_value"
                    + " WHERE collection_id = ?", id, collectionId);
            return Optional.of(id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot snapshot the clinical table", e);
        }
    }

    private static Optional<Stored> table(Connection connection, Ref ref) throws SQLException {
        ClinicalTables t = ref.tables();
        try (PreparedStatement statement = connection.prepareStatement("SELECT level, row_count, sha256, imported_at"
                + " FROM " + t.table + " WHERE " + t.key + " = ?")) {
            statement.setLong(1, ref.id());
            try (ResultSet results = statement.executeQuery()) {
                if (!results.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(ClinicalTable.Level.valueOf(results.getString(1)),
                        columns(connection, ref), results.getInt(2), results.getString(3),
                        results.getObject(4, OffsetDateTime.class)));
            }
        }
    }

    private static List<ClinicalTable.Column> columns(Connection connection, Ref ref) throws SQLException {
        List<ClinicalTable.Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, value_type FROM "
                + ref.tables().columns + " WHERE " + ref.tables().key + " = ? ORDER BY column_index")) {
            statement.setLong(1, ref.id());
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    columns.add(new ClinicalTable.Column(results.getString(1),
                            ClinicalColumnType.valueOf(results.getString(2))));
                }
            }
        }
        return columns;
    }

    private static void insertColumns(Connection connection, long collectionId, List<ClinicalTable.Column> columns)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO clinical_column"
                + " (collection_id, column_index, name, value_type) VALUES (?, ?, ?, ?)")) {
            for (int c = 0; c < columns.size(); c++) {
                insert.setLong(1, collectionId);
                insert.setInt(2, c);
                insert.setString(3, columns.get(c).name());
                insert.setString(4, columns.get(c).type().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertRows(Connection connection, long collectionId, ClinicalTable table) throws SQLException {
        try (PreparedStatement rows = connection.prepareStatement("INSERT INTO clinical_row"
                + " (collection_id, row_index, patient_id, study_instance_uid) VALUES (?, ?, ?, ?)");
             PreparedStatement values = connection.prepareStatement("INSERT INTO clinical_value"
                     + " (collection_id, row_index, column_index, text_value, number_value) VALUES (?, ?, ?, ?, ?)")) {
            int pendingValues = 0;
            for (int r = 0; r < table.rows().size(); r++) {
                ClinicalTable.Row row = table.rows().get(r);
                rows.setLong(1, collectionId);
                rows.setInt(2, r);
                rows.setString(3, row.patientId());
                rows.setString(4, row.studyUid());
                rows.addBatch();
                if ((r + 1) % BATCH == 0) {
                    rows.executeBatch();
                }
                for (int c = 0; c < row.values().size(); c++) {
                    String value = row.values().get(c);
                    if (value == null) {
                        continue;
                    }
                    Double number = table.columns().get(c).type().comparable(value);
                    values.setLong(1, collectionId);
                    values.setInt(2, r);
                    values.setInt(3, c);
                    values.setString(4, value);
                    if (number == null) {
                        values.setNull(5, Types.DOUBLE);
                    } else {
                        values.setDouble(5, number);
                    }
                    values.addBatch();
                    pendingValues++;
                }
                if (pendingValues >= BATCH) {
                    rows.executeBatch();
                    values.executeBatch();
                    pendingValues = 0;
                }
            }
            rows.executeBatch();
            values.executeBatch();
        }
    }

    /** The first column of the first row, a number; empty when there is no row. */
    private static Optional<Long> single(Connection connection, String sql, Object... binds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                statement.setObject(i + 1, binds[i]);
            }
            try (ResultSet results = statement.executeQuery()) {
                return results.next() ? Optional.of(results.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void update(Connection connection, String sql, Object... binds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                statement.setObject(i + 1, binds[i]);
            }
            statement.execute();
        }
    }
}
