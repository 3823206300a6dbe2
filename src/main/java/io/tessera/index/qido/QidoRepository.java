package io.tessera.index.qido;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/** Runs QIDO-RS searches against the index: one SQL statement per page, with bind parameters only. */
@ApplicationScoped
public class QidoRepository {

    @Inject
    DataSource dataSource;

    /** Opens the page {@code query} asks for; the caller reads it and must close it. */
    public QidoRows search(QidoQuery query) throws SQLException {
        QidoSqlBuilder.Statement built = QidoSqlBuilder.build(query);
        Connection connection = dataSource.getConnection();
        PreparedStatement statement = null;
        try {
            // Scrollable, so the row past the page can be looked at before the page is streamed.
            statement = connection.prepareStatement(built.sql(), ResultSet.TYPE_SCROLL_INSENSITIVE,
                    ResultSet.CONCUR_READ_ONLY);
            planWithTheValues(statement);
            List<Object> binds = built.binds();
            for (int i = 0; i < binds.size(); i++) {
                statement.setObject(i + 1, binds.get(i));
            }
            ResultSet results = statement.executeQuery();
            return new QidoRows(connection, statement, results, built.columns(), query.limit());
        } catch (SQLException | RuntimeException failure) {
            if (statement != null) {
                statement.close();
            }
            connection.close();
            throw failure;
        }
    }

    /**
     * PostgreSQL plans a statement that pgJDBC has prepared on the server (from its fifth execution) once for any
     * values, and such a generic plan cannot use the pattern index for {@code LIKE ?}: {@code PatientName=SMITH*}
     * would read every study. QIDO's values (wildcard prefixes, date ranges) decide which plan is good, so each
     * search is planned with its values, which costs well under a millisecond. H2 has no such switch.
     */
    private static void planWithTheValues(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    }
}
