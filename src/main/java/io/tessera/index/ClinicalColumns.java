package io.tessera.index;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Types clinical filters by the columns they name, within the collections a request may see. */
@ApplicationScoped
public class ClinicalColumns {
    private final DataSource dataSource;

    ClinicalColumns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Each filter typed by its column in {@code collectionIds} (null: every collection). A column no collection in
     * scope has, or one that is a number in one and a date or text in another (query one collection then), is
     * {@link ClinicalFilter.Invalid}.
     */
    public List<ClinicalFilter.Typed> resolve(Set<Long> collectionIds, List<ClinicalFilter> filters) {
        return resolve(ClinicalTables.CURRENT, collectionIds, filters);
    }

    /** Each filter typed by its column in the clinical snapshot of a published version. */
    public List<ClinicalFilter.Typed> resolveInSnapshot(long snapshotId, List<ClinicalFilter> filters) {
        return resolve(ClinicalTables.SNAPSHOT, Set.of(snapshotId), filters);
    }

    /** @param ids keys of {@code tables} (collection or snapshot ids); null: every collection's current table */
    private List<ClinicalFilter.Typed> resolve(ClinicalTables tables, Set<Long> ids, List<ClinicalFilter> filters) {
        List<ClinicalFilter.Typed> typed = new ArrayList<>();
        for (ClinicalFilter filter : filters) {
            List<String> types = query(tables, "SELECT DISTINCT value_type FROM " + tables.columns + " WHERE name = ?",
                    filter.column(), ids);
            if (types.isEmpty()) {
                throw new ClinicalFilter.Invalid("Unknown clinical column '" + filter.column() + "'"
                        + known(tables, ids));
            }
            // Categories and text both match by equality, so they mix; numbers and dates compare differently.
            Set<ClinicalColumnType> kinds = types.stream().map(ClinicalColumnType::valueOf)
                    .map(type -> type == ClinicalColumnType.CATEGORY ? ClinicalColumnType.TEXT : type)
                    .collect(Collectors.toSet());
            if (kinds.size() > 1) {
                throw new ClinicalFilter.Invalid("The clinical column " + filter.column()
                        + " has different types in different collections; filter within one collection");
            }
            typed.add(filter.typed(kinds.iterator().next()));
        }
        return typed;
    }

    /** The columns of the one table in scope, to name in an error message. */
    private String known(ClinicalTables tables, Set<Long> ids) {
        if (ids == null || ids.size() != 1) {
            return "";
        }
        List<String> names = query(tables, "SELECT name FROM " + tables.columns + " WHERE 1 = 1", null, ids);
        return names.isEmpty() ? "; the collection has no clinical table"
                : "; its columns are: " + String.join(", ", names);
    }

    private List<String> query(ClinicalTables tables, String select, String name, Set<Long> ids) {
        StringBuilder sql = new StringBuilder(select);
        List<Object> binds = new ArrayList<>();
        if (name != null) {
            binds.add(name);
        }
        if (ids != null) {
            if (ids.isEmpty()) {
                return List.of();
            }
            sql.append(" AND ").append(tables.key).append(" IN (").append("?,".repeat(ids.size() - 1)).append("?)");
            ids.stream().sorted().forEach(binds::add);
        }
        sql.append(name == null ? " ORDER BY column_index" : " ORDER BY 1");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < binds.size(); i++) {
                statement.setObject(i + 1, binds.get(i));
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the clinical columns", e);
        }
    }
}
