package io.tessera.collections;

import io.tessera.index.ClinicalColumnType;
import io.tessera.index.ClinicalCondition;
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
 * replaced whole in one transaction, with batched inserts, and read back in its canonical row order.
 */
@ApplicationScoped
public class ClinicalStore {
    private static final int BATCH = 1000;

    /** A stored table's description, without its rows. */
    record Stored(ClinicalTable.Level level, List<ClinicalTable.Column> columns, int rowCount, String sha256,
                  OffsetDateTime importedAt) {
    }

    private final DataSource dataSource;

    ClinicalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The collection's table, if it has one. */
    Optional<Stored> table(long collectionId) {
        try (Connection connection = dataSource.getConnection()) {
            return table(connection, collectionId);
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
            Optional<Stored> stored = table(connection, collectionId);
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

    /** The rows of the collection's table satisfying {@code condition} (on alias {@code cr}), in canonical order. */
    List<ClinicalTable.Row> rows(long collectionId, int columnCount, ClinicalCondition condition) {
        String sql = "SELECT cr.row_index, cr.patient_id, cr.study_instance_uid, cv.column_index, cv.text_value"
                + " FROM clinical_row cr LEFT JOIN clinical_value cv ON cv.collection_id = cr.collection_id"
                + " AND cv.row_index = cr.row_index WHERE cr.collection_id = ? AND " + condition.sql()
                + " ORDER BY cr.row_index, cv.column_index";
        List<ClinicalTable.Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, collectionId);
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

    /** The collection's table as CSV, only the rows {@code condition} (on alias {@code cr}) selects; empty when none. */
    Optional<String> csv(long collectionId, ClinicalCondition condition) {
        return table(collectionId).map(stored -> ClinicalTable.csv(stored.level(), stored.columns(),
                rows(collectionId, stored.columns().size(), condition)));
    }

    /** Per category column (by index), each value and the number of rows holding it, values sorted. */
    Map<Integer, Map<String, Long>> categoryCounts(long collectionId) {
        String sql = "SELECT cv.column_index, cv.text_value, COUNT(*) FROM clinical_value cv JOIN clinical_column cc"
                + " ON cc.collection_id = cv.collection_id AND cc.column_index = cv.column_index"
                + " WHERE cv.collection_id = ? AND cc.value_type = 'CATEGORY'"
                + " GROUP BY cv.column_index, cv.text_value ORDER BY cv.column_index, cv.text_value";
        Map<Integer, Map<String, Long>> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, collectionId);
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

    private static Optional<Stored> table(Connection connection, long collectionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT level, row_count, sha256, imported_at"
                + " FROM clinical_table WHERE collection_id = ?")) {
            statement.setLong(1, collectionId);
            try (ResultSet results = statement.executeQuery()) {
                if (!results.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(ClinicalTable.Level.valueOf(results.getString(1)),
                        columns(connection, collectionId), results.getInt(2), results.getString(3),
                        results.getObject(4, OffsetDateTime.class)));
            }
        }
    }

    private static List<ClinicalTable.Column> columns(Connection connection, long collectionId) throws SQLException {
        List<ClinicalTable.Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, value_type FROM clinical_column"
                + " WHERE collection_id = ? ORDER BY column_index")) {
            statement.setLong(1, collectionId);
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

    private static void update(Connection connection, String sql, Object... binds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                statement.setObject(i + 1, binds[i]);
            }
            statement.execute();
        }
    }
}
