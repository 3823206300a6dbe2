package io.tessera.index.database;

import jakarta.persistence.Timeout;
import org.hibernate.LockOptions;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.dialect.PostgreSQLDriverKind;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;

/**
 * The one Hibernate dialect of the one artifact, whichever database {@code TESSERA_DB_URL} names: PostgreSQL's, whose
 * SQL H2 understands in {@code MODE=PostgreSQL}, except for the row locks. PostgreSQL's dialect locks rows with
 * {@code FOR NO KEY UPDATE} and {@code FOR SHARE}, which H2 refuses; this one asks for {@code FOR UPDATE} on both.
 * On PostgreSQL that lock is a little stronger (it also holds back inserts of rows referring to the locked one),
 * which ingest wants anyway: it locks a study to serialize the count updates of that study.
 * <p>
 * Quarkus fixes a persistence unit's dialect at build time, and Panache entities cannot belong to two persistence
 * units, so the database is chosen at run time by the URL alone: see docs/database-selection.md.
 */
public class PortableDialect extends PostgreSQLDialect {
    /** The oldest PostgreSQL Tessera is tested on; the SQL generated is fixed by it, not by what the URL reaches. */
    static final DatabaseVersion POSTGRESQL_VERSION = DatabaseVersion.make(13);

    public PortableDialect() {
        super(POSTGRESQL_VERSION, PostgreSQLDriverKind.PG_JDBC);
    }

    /** Hibernate passes what it knows of the database (H2's version, on H2); the SQL stays PostgreSQL 13's. */
    public PortableDialect(DialectResolutionInfo ignored) {
        this();
    }

    @Override
    public String getWriteLockString(Timeout timeout) {
        return portable(super.getWriteLockString(timeout));
    }

    @Override
    public String getWriteLockString(String aliases, Timeout timeout) {
        return portable(super.getWriteLockString(aliases, timeout));
    }

    @Override
    public String getWriteLockString(int timeout) {
        return portable(super.getWriteLockString(timeout));
    }

    @Override
    public String getWriteLockString(String aliases, int timeout) {
        return portable(super.getWriteLockString(aliases, timeout));
    }

    @Override
    public String getReadLockString(Timeout timeout) {
        return portable(super.getReadLockString(timeout));
    }

    @Override
    public String getReadLockString(String aliases, Timeout timeout) {
        return portable(super.getReadLockString(aliases, timeout));
    }

    @Override
    public String getReadLockString(int timeout) {
        return portable(super.getReadLockString(timeout));
    }

    @Override
    public String getReadLockString(String aliases, int timeout) {
        return portable(super.getReadLockString(aliases, timeout));
    }

    @Override
    public String getForUpdateString() {
        return portable(super.getForUpdateString());
    }

    @Override
    public String getForUpdateString(String aliases) {
        return portable(super.getForUpdateString(aliases));
    }

    @Override
    public String getForUpdateString(String aliases, LockOptions lockOptions) {
        return portable(super.getForUpdateString(aliases, lockOptions));
    }

    static String portable(String lockClause) {
        return lockClause == null ? null
                : lockClause.replace(" for no key update", " for update").replace(" for share", " for update");
    }
}
