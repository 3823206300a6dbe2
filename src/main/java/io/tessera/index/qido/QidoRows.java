package io.tessera.index.qido;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One page of QIDO-RS results, read straight from the JDBC result set (no entities). Holds its connection
 * until closed. {@link #hasMore()} is known before the first row is read, so it can go into response headers.
 */
public final class QidoRows implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet results;
    private final Map<IndexedAttribute, Integer> columnIndex = new EnumMap<>(IndexedAttribute.class);
    private final int limit;
    private final boolean hasMore;
    private int read;

    QidoRows(Connection connection, PreparedStatement statement, ResultSet results, List<IndexedAttribute> columns,
             int limit) throws SQLException {
        this.connection = connection;
        this.statement = statement;
        this.results = results;
        this.limit = limit;
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.put(columns.get(i), i + 1);
        }
        // The statement asked for limit + 1 rows: a row past the limit means another page exists.
        this.hasMore = results.absolute(limit + 1);
        results.beforeFirst();
    }

    /** Whether results exist beyond this page. */
    public boolean hasMore() {
        return hasMore;
    }

    /** Moves to the next row of the page; false at the end of the page. */
    public boolean next() throws SQLException {
        if (read == limit || !results.next()) {
            return false;
        }
        read++;
        return true;
    }

    /** The current row's value of {@code attribute} as text (integers in decimal), or null. */
    public String text(IndexedAttribute attribute) throws SQLException {
        return results.getString(columnIndex.get(attribute));
    }

    /** The current row's integer value of {@code attribute}, or null. */
    public Integer integer(IndexedAttribute attribute) throws SQLException {
        int value = results.getInt(columnIndex.get(attribute));
        return results.wasNull() ? null : value;
    }

    @Override
    public void close() throws SQLException {
        try (connection; statement; results) {
            // closes all three, innermost first
        }
    }
}
