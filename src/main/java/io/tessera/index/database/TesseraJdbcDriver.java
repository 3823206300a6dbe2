package io.tessera.index.database;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import org.h2.store.fs.FilePath;

/**
 * The datasource's JDBC driver, fixed at build time like every Quarkus datasource's: it hands each URL to the driver
 * that takes it, H2's for the embedded default ({@code jdbc:h2:}) and PostgreSQL's for {@code TESSERA_DB_URL}
 * ({@code jdbc:postgresql:}). Nothing else is accepted, so a typo in the URL fails at start with the URL named.
 */
public final class TesseraJdbcDriver implements Driver {
    private static final List<Driver> DRIVERS = List.of(new org.h2.Driver(), new org.postgresql.Driver());

    static {
        FilePath.register(new SyncedH2Files());
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Driver driver = driverFor(url);
        if (driver == null) {
            // Agroal treats null as "not my URL"; say what is accepted instead.
            throw new SQLException("Unsupported database URL " + url
                    + ": TESSERA_DB_URL must start with jdbc:postgresql: (or jdbc:h2: for the embedded database)");
        }
        return driver.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return driverFor(url) != null;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Driver driver = driverFor(url);
        return driver == null ? new DriverPropertyInfo[0] : driver.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static Driver driverFor(String url) {
        if (url == null) {
            return null;
        }
        for (Driver driver : DRIVERS) {
            try {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            } catch (SQLException e) {
                // not this driver's
            }
        }
        return null;
    }
}
