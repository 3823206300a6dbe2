package io.tessera.collections;

import io.tessera.index.ClinicalCondition;
import io.tessera.index.LabelCondition;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The index queries of downloads. Selections are read through a JDBC cursor a few hundred rows at a time, so a
 * manifest or archive of a million instances never holds them all in memory.
 * <p>
 * Rows come ordered by Patient ID, Study, Series and SOP Instance UID: the order of the archive's entries, stable as
 * long as the collection does not change (the archive's ETag changes with it).
 */
@ApplicationScoped
public class DownloadIndex {
    private static final int FETCH_SIZE = 500;
    private static final String ITEMS = """
            SELECT c.slug, st.patient_id, st.study_instance_uid, se.series_instance_uid, i.sop_instance_uid,
                   i.object_key, i.size_bytes, i.sha256, i.crc32
            FROM instance i JOIN series se ON se.id = i.series_id JOIN study st ON st.id = se.study_id
                 JOIN collection c ON c.id = st.collection_id
            WHERE i.status = 'STORED'""";
    private static final String ORDER = " ORDER BY st.patient_id, st.study_instance_uid, se.series_instance_uid,"
            + " i.sop_instance_uid";

    /** Receives rows while the cursor is open. */
    @FunctionalInterface
    public interface ItemSink {
        void accept(DownloadItem item) throws IOException;
    }

    /** A stored instance and the id of its collection, for single-file downloads. */
    public record StoredFile(DownloadItem item, long collectionId) {
    }

    private final DataSource dataSource;

    DownloadIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Streams the selection's instances to {@code sink}, in archive order. */
    public void forEach(DownloadSelection selection, ItemSink sink) throws IOException {
        StringBuilder sql = new StringBuilder(ITEMS);
        List<Object> binds = new ArrayList<>();
        appendSelection(selection, sql, binds);
        query(sql.append(ORDER).toString(), binds, sink);
    }

    /**
     * SQL condition, for a query over {@code clinical_row} aliased {@code cr}, true for the clinical rows of the
     * selection: those of its patients, or in a table of studies, of its studies.
     */
    ClinicalCondition clinicalRowsOf(DownloadSelection selection) {
        StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM instance i JOIN series se ON se.id = i.series_id"
                + " JOIN study st ON st.id = se.study_id WHERE i.status = 'STORED'"
                + " AND st.patient_id = cr.patient_id AND (cr.study_instance_uid IS NULL"
                + " OR cr.study_instance_uid = st.study_instance_uid)");
        List<Object> binds = new ArrayList<>();
        appendSelection(selection, sql, binds);
        return new ClinicalCondition(sql.append(')').toString(), List.copyOf(binds));
    }

    /** The selection's conditions on the {@code st}, {@code se} aliases of {@link #ITEMS}. */
    private static void appendSelection(DownloadSelection selection, StringBuilder sql, List<Object> binds) {
        sql.append(" AND st.collection_id = ?");
        binds.add(selection.collection().id);
        if (selection.studyUid() != null) {
            sql.append(" AND st.study_instance_uid = ?");
            binds.add(selection.studyUid());
        }
        if (selection.seriesUid() != null) {
            sql.append(" AND se.series_instance_uid = ?");
            binds.add(selection.seriesUid());
        }
        if (!selection.modalities().isEmpty()) {
            sql.append(" AND se.modality IN (").append("?,".repeat(selection.modalities().size() - 1)).append("?)");
            binds.addAll(selection.modalities());
        }
        if (selection.label() != null) {
            LabelCondition carries = LabelCondition.studyCarries("st", selection.label(), null);
            sql.append(" AND ").append(carries.sql());
            binds.addAll(carries.binds());
        }
        if (!selection.clinical().isEmpty()) {
            ClinicalCondition matches = ClinicalCondition.studyMatches("st", selection.clinical());
            sql.append(" AND ").append(matches.sql());
            binds.addAll(matches.binds());
        }
    }

    /** The stored instance {@code sopUid}, wherever it is. */
    public Optional<StoredFile> file(String sopUid) {
        String sql = ITEMS.replace("SELECT c.slug,", "SELECT c.id, c.slug,") + " AND i.sop_instance_uid = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sopUid);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredFile(item(rows, 2), rows.getLong(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the index", e);
        }
    }

    private void query(String sql, List<Object> binds, ItemSink sink) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL honours the fetch size only inside a transaction; H2 streams large results by itself.
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < binds.size(); i++) {
                    statement.setObject(i + 1, binds.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(item(rows, 1));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the index", e);
        }
    }

    private static DownloadItem item(ResultSet rows, int first) throws SQLException {
        int c = first;
        return new DownloadItem(rows.getString(c), rows.getString(c + 1), rows.getString(c + 2),
                rows.getString(c + 3), rows.getString(c + 4), rows.getString(c + 5), rows.getLong(c + 6),
                rows.getString(c + 7), rows.getLong(c + 8));
    }
}
