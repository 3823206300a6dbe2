package io.tessera.collections;

import io.tessera.index.ClinicalCondition;
import io.tessera.index.LabelCondition;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The index queries of downloads. Selections are read through a JDBC cursor a few hundred rows at a time, so a
 * manifest or archive of a million instances never holds them all in memory.
 * <p>
 * Rows come ordered by Patient ID, Study, Series and SOP Instance UID: the order of the archive's entries, stable as
 * long as the collection does not change (the archive's ETag changes with it). A published version's rows come
 * from {@code version_instance} (docs/versions.md), so they stay the same for good.
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
    /** The rows of a version: binds collection id, version number, version number. */
    private static final String IN_VERSION = "vi.collection_id = ? AND vi.first_version <= ?"
            + " AND (vi.end_version IS NULL OR vi.end_version > ?)";
    private static final String VERSION_ITEMS = """
            SELECT c.slug, vi.patient_id, vi.study_instance_uid, vi.series_instance_uid, vi.sop_instance_uid,
                   vi.object_key, vi.size_bytes, vi.sha256, vi.crc32, w.withdrawn_at, w.note
            FROM version_instance vi JOIN collection c ON c.id = vi.collection_id
                 LEFT JOIN version_withdrawal w ON w.id = vi.withdrawal_id
            WHERE\s""" + IN_VERSION;
    private static final String VERSION_ORDER = " ORDER BY vi.patient_id, vi.study_instance_uid,"
            + " vi.series_instance_uid, vi.sop_instance_uid";

    /** Receives rows while the cursor is open. */
    @FunctionalInterface
    public interface ItemSink {
        void accept(DownloadItem item) throws IOException;
    }

    /** A stored instance and the id of its collection, for single-file downloads. */
    public record StoredFile(DownloadItem item, long collectionId) {
    }

    /**
     * An instance of a published version; when its object was withdrawn, {@code withdrawnAt} and {@code note} say
     * when and why, and it is a tombstone: what the version shows in the instance's place.
     */
    public record VersionItem(DownloadItem item, Instant withdrawnAt, String note) {
        public boolean withdrawn() {
            return withdrawnAt != null;
        }
    }

    /** Receives tombstones while the cursor is open. */
    @FunctionalInterface
    public interface TombstoneSink {
        void accept(VersionItem tombstone) throws IOException;
    }

    private final DataSource dataSource;

    DownloadIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Streams the selection's instances to {@code sink}, in archive order; withdrawn ones are left out. */
    public void forEach(DownloadSelection selection, ItemSink sink) throws IOException {
        if (selection.version() != null) {
            versionRows(selection, false, rows -> sink.accept(item(rows, 1)));
            return;
        }
        StringBuilder sql = new StringBuilder(ITEMS);
        List<Object> binds = new ArrayList<>();
        appendSelection(selection, sql, binds);
        query(sql.append(ORDER).toString(), binds, rows -> sink.accept(item(rows, 1)));
    }

    /**
     * SQL condition, for a query over clinical rows aliased {@code cr} (today's table, or for a version its
     * snapshot), true for the clinical rows of the selection: those of its patients, or in a table of studies, of
     * its studies. Within a version, only instances that are not withdrawn count, so the row of a patient whose
     * every instance was withdrawn is left out.
     */
    ClinicalCondition clinicalRowsOf(DownloadSelection selection) {
        List<Object> binds = new ArrayList<>();
        StringBuilder sql;
        if (selection.version() != null) {
            sql = new StringBuilder("EXISTS (SELECT 1 FROM version_instance vi WHERE " + IN_VERSION
                    + " AND vi.withdrawal_id IS NULL AND vi.patient_id = cr.patient_id"
                    + " AND (cr.study_instance_uid IS NULL OR cr.study_instance_uid = vi.study_instance_uid)");
            appendSelection(selection, sql, binds);
        } else {
            sql = new StringBuilder("EXISTS (SELECT 1 FROM instance i JOIN series se ON se.id = i.series_id"
                    + " JOIN study st ON st.id = se.study_id WHERE i.status = 'STORED'"
                    + " AND st.patient_id = cr.patient_id AND (cr.study_instance_uid IS NULL"
                    + " OR cr.study_instance_uid = st.study_instance_uid)");
            appendSelection(selection, sql, binds);
        }
        return new ClinicalCondition(sql.append(')').toString(), List.copyOf(binds));
    }

    /** The columns a selection's conditions test: the current content's study and series rows, or a version's rows. */
    private record Columns(String studyUid, String seriesUid, String modality) {
        static final Columns CURRENT = new Columns("st.study_instance_uid", "se.series_instance_uid", "se.modality");
        static final Columns VERSION = new Columns("vi.study_instance_uid", "vi.series_instance_uid", "vi.modality");
    }

    /**
     * The selection's conditions: on the {@code st}, {@code se} aliases of {@link #ITEMS} for the current content, on
     * the {@code vi} alias after {@link #IN_VERSION} (whose collection and version binds come first) for a version:
     * there modalities as frozen, labels as they are today, clinical rows as the version's snapshot has them.
     */
    private static void appendSelection(DownloadSelection selection, StringBuilder sql, List<Object> binds) {
        CollectionVersionEntity version = selection.version();
        Columns columns;
        if (version == null) {
            sql.append(" AND st.collection_id = ?");
            binds.add(selection.collection().id);
            columns = Columns.CURRENT;
        } else {
            binds.addAll(List.of(selection.collection().id, version.number, version.number));
            columns = Columns.VERSION;
        }
        if (selection.studyUid() != null) {
            sql.append(" AND ").append(columns.studyUid()).append(" = ?");
            binds.add(selection.studyUid());
        }
        if (selection.seriesUid() != null) {
            sql.append(" AND ").append(columns.seriesUid()).append(" = ?");
            binds.add(selection.seriesUid());
        }
        if (!selection.modalities().isEmpty()) {
            sql.append(" AND ").append(columns.modality()).append(" IN (")
                    .append("?,".repeat(selection.modalities().size() - 1)).append("?)");
            binds.addAll(selection.modalities());
        }
        if (selection.label() != null) {
            LabelCondition carries = version == null ? LabelCondition.studyCarries("st", selection.label(), null)
                    : LabelCondition.versionStudyCarries("vi", selection.label(), null, version.number);
            sql.append(" AND ").append(carries.sql());
            binds.addAll(carries.binds());
        }
        if (!selection.clinical().isEmpty()) {
            ClinicalCondition matches = version == null ? ClinicalCondition.studyMatches("st", selection.clinical())
                    : ClinicalCondition.snapshotStudyMatches(version.clinicalSnapshotId, "vi", selection.clinical());
            sql.append(" AND ").append(matches.sql());
            binds.addAll(matches.binds());
        }
    }

    /** Streams the tombstones of the selection, in archive order; a selection of the current content has none. */
    public void forEachWithdrawn(DownloadSelection selection, TombstoneSink sink) throws IOException {
        if (selection.version() != null) {
            versionRows(selection, true, rows -> sink.accept(new VersionItem(item(rows, 1),
                    withdrawnAt(rows), rows.getString(11))));
        }
    }

    private void versionRows(DownloadSelection selection, boolean withdrawn, RowSink sink) throws IOException {
        StringBuilder sql = new StringBuilder(VERSION_ITEMS)
                .append(withdrawn ? " AND vi.withdrawal_id IS NOT NULL" : " AND vi.withdrawal_id IS NULL");
        List<Object> binds = new ArrayList<>();
        appendSelection(selection, sql, binds);
        query(sql.append(VERSION_ORDER).toString(), binds, sink);
    }


    /** The instance {@code sopUid} of a published version, or its tombstone when it was withdrawn. */
    public Optional<VersionItem> fileInVersion(CollectionVersionEntity version, String sopUid) throws IOException {
        List<VersionItem> found = new ArrayList<>(1);
        String sql = VERSION_ITEMS + " AND vi.sop_instance_uid = ?";
        query(sql, List.of(version.collection.id, version.number, version.number, sopUid), rows -> found.add(
                new VersionItem(item(rows, 1), withdrawnAt(rows), rows.getString(11))));
        return found.stream().findFirst();
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

    @FunctionalInterface
    private interface RowSink {
        void accept(ResultSet row) throws IOException, SQLException;
    }

    private void query(String sql, List<Object> binds, RowSink sink) throws IOException {
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
                        sink.accept(rows);
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

    private static Instant withdrawnAt(ResultSet rows) throws SQLException {
        OffsetDateTime at = rows.getObject(10, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static DownloadItem item(ResultSet rows, int first) throws SQLException {
        int c = first;
        return new DownloadItem(rows.getString(c), rows.getString(c + 1), rows.getString(c + 2),
                rows.getString(c + 3), rows.getString(c + 4), rows.getString(c + 5), rows.getLong(c + 6),
                rows.getString(c + 7), rows.getLong(c + 8));
    }
}
