package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.storage.Backends;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.storage.BlobStore;
import io.tessera.storage.ObjectKeys;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What a crash leaves behind is swept at the next start; what another writer is still busy with is not. */
@QuarkusTest
class OrphanSweeperTest {
    @Inject
    OrphanSweeper sweeper;
    @Inject
    BlobStore blobs;

    @Test
    void removesOldTemporaryAndUnindexedObjectsOnly() throws IOException {
        Backends.assumeFilesystemStore();
        String leftoverTemporary = put(ObjectKeys.newTemporaryKey());
        String orphanInstance = put(ObjectKeys.newInstanceKey());
        String freshTemporary = put(ObjectKeys.newTemporaryKey());
        age(leftoverTemporary);
        age(orphanInstance);

        assertTrue(sweeper.sweep(Instant.now().minus(OrphanSweeper.GRACE)) >= 2);

        assertEquals(-1, blobs.size(leftoverTemporary));
        assertEquals(-1, blobs.size(orphanInstance));
        assertEquals(3, blobs.size(freshTemporary), "a temporary object being written now is spared");
        blobs.delete(freshTemporary);
    }

    private String put(String key) throws IOException {
        blobs.put(key, new ByteArrayInputStream(new byte[]{1, 2, 3}));
        return key;
    }

    /** As if written before the crash an hour ago. */
    private void age(String key) throws IOException {
        Files.setLastModifiedTime(blobs.localFile(key).orElseThrow(),
                FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    }
}
