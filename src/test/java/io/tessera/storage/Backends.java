package io.tessera.storage;

import org.junit.jupiter.api.Assumptions;

/**
 * Which backends the server under test runs on: the suite runs on the embedded defaults (H2 + filesystem) and again
 * on PostgreSQL + S3 (.ci/run). A few tests look at the embedded store's files or database directly.
 */
public final class Backends {
    private Backends() {
    }

    public static boolean embeddedDatabase() {
        return System.getenv("TESSERA_DB_URL") == null;
    }

    public static boolean filesystemStore() {
        return System.getenv("TESSERA_S3_ENDPOINT") == null;
    }

    /** Skips the calling test unless objects are files under the data folder. */
    public static void assumeFilesystemStore() {
        Assumptions.assumeTrue(filesystemStore(), "reads the filesystem store's files; the server runs on S3");
    }
}
