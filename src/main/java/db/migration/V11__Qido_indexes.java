package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Flyway migration 11 (the class name is Flyway's naming rule), indexes for QIDO-RS at scale:
 * <ul>
 * <li>On both databases, study indexes in QIDO's order (newest first: study date, time, id; all DESC NULLS LAST),
 * alone and after the collection, so that a search without a selective key (OHIF's study list) reads the first
 * page from the index instead of sorting every study.</li>
 * <li>On PostgreSQL only, the study indexes that QIDO wildcards use become {@code varchar_pattern_ops} indexes.
 * QIDO matches {@code PatientName=SMITH*} as {@code patient_name_search LIKE 'SMITH%'}; PostgreSQL answers a prefix
 * LIKE from a plain b-tree only under the "C" collation, and under any other (Debian's default {@code C.UTF-8}
 * included) reads every study. A pattern-ops index serves LIKE prefixes and equality, the only comparisons QIDO
 * makes on these columns, so it replaces the plain index instead of doubling the writes. H2 has no operator
 * classes and already uses its b-tree for LIKE prefixes.</li>
 * </ul>
 * The same artifact runs on both databases (docs/database-selection.md), hence a look at the database here rather
 * than SQL files per vendor. Quarkus hands Flyway the classes its build index knows as {@link JavaMigration}
 * implementors under a migration location: hence the package {@code db.migration}, next to the SQL migrations, and
 * the explicit {@code implements} (flyway-core is not in that index, so extending {@link BaseJavaMigration} alone
 * goes unseen).
 */
public class V11__Qido_indexes extends BaseJavaMigration implements JavaMigration {
    private static final String NEWEST_FIRST = "study_date DESC NULLS LAST, study_time DESC NULLS LAST, id DESC";

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX study_date_idx");
            statement.execute("CREATE INDEX study_newest_first ON study (" + NEWEST_FIRST + ")");
            statement.execute("DROP INDEX study_collection");
            statement.execute("CREATE INDEX study_collection ON study (collection_id, " + NEWEST_FIRST + ")");
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            for (String[] index : new String[][] {
                    {"study_patient_name", "patient_name_search"},
                    {"study_patient_id", "patient_id"},
                    {"study_accession", "accession_number"}}) {
                statement.execute("DROP INDEX " + index[0]);
                statement.execute("CREATE INDEX " + index[0] + " ON study (" + index[1] + " varchar_pattern_ops)");
            }
        }
    }
}
