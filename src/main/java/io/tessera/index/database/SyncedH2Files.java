package io.tessera.index.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's files opened for synchronous writes (O_DSYNC), through the URL prefix {@code synced:}. H2 writes a commit to
 * its file but never calls fsync for it, so after a power cut the operating system may have lost commits that were
 * acknowledged (H2's manual, "Durability Problems"). With every write synchronous, a commit is on the disk when it
 * returns, as PostgreSQL's is, and STOW-RS answers 200 only after that. Registered by {@link TesseraJdbcDriver}.
 */
public final class SyncedH2Files extends FilePathWrapper {
    private static final String SCHEME = "synced";

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return getBase().open("rw".equals(mode) ? "rwd" : mode);
    }
}
