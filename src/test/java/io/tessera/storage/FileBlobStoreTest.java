package io.tessera.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
    @TempDir
    Path folder;

    @Test
    void putThenReadWholeAndRanges() throws IOException {
        FileBlobStore store = new FileBlobStore(folder);
        byte[] content = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String key = ObjectKeys.newTemporaryKey();
        assertEquals(16, store.put(key, new ByteArrayInputStream(content)));
        assertEquals(16, store.size(key));
        assertNotNull(store.lastModified(key));
        try (InputStream in = store.get(key)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = store.getRange(key, 10, 4)) {
            assertArrayEquals(Arrays.copyOfRange(content, 10, 14), in.readAllBytes());
        }
    }

    @Test
    void listFindsKeysUnderAPrefixAndDeleteRemoves() throws IOException {
        FileBlobStore store = new FileBlobStore(folder);
        String temporary = ObjectKeys.newTemporaryKey();
        String instance = ObjectKeys.newInstanceKey();
        store.put(temporary, new ByteArrayInputStream(new byte[]{1}));
        store.put(instance, new ByteArrayInputStream(new byte[]{1, 2}));
        try (Stream<String> keys = store.list(ObjectKeys.INSTANCE_PREFIX)) {
            assertEquals(List.of(instance), keys.toList());
        }
        try (Stream<String> keys = store.list(ObjectKeys.TEMPORARY_PREFIX)) {
            assertEquals(List.of(temporary), keys.toList());
        }
        store.delete(temporary);
        assertEquals(-1, store.size(temporary));
        assertNull(store.lastModified(temporary));
        store.delete(instance);
        assertThrows(NoSuchFileException.class, () -> store.get(instance));
    }

    @Test
    void aFailedWriteLeavesNoObject() throws IOException {
        FileBlobStore store = new FileBlobStore(folder);
        String key = ObjectKeys.newTemporaryKey();
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        };
        assertThrows(IOException.class, () -> store.put(key, failing));
        try (Stream<String> keys = store.list("")) {
            assertEquals(0, keys.count());
        }
    }

    /**
     * Sizes around the direct writer's block and chunk, where the last block is padded and the file cut back, and
     * a failure in the middle of a file: the buffers it used serve the next file unharmed.
     */
    @Test
    void objectsOfEverySizeAroundBlocksAndChunksReadBackWhole() throws IOException {
        FileBlobStore store = new FileBlobStore(folder);
        int chunk = DirectFileWriter.CHUNK_BYTES;
        InputStream failingAfterAChunk = new SequenceInputStream(
                new ByteArrayInputStream(new byte[chunk + 100]), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("client went away");
                    }
                });
        assertThrows(IOException.class, () -> store.put(ObjectKeys.newTemporaryKey(), failingAfterAChunk));
        Random random = new Random(7);
        for (int size : new int[]{0, 1, 4095, 4096, 4097, chunk - 1, chunk, chunk + 1, 3 * chunk + 17}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            String key = ObjectKeys.newInstanceKey();
            assertEquals(size, store.put(key, new ByteArrayInputStream(content)), "size " + size);
            store.sync(key);
            assertEquals(size, store.size(key), "size " + size);
            try (InputStream in = store.get(key)) {
                assertArrayEquals(content, in.readAllBytes(), "size " + size);
            }
        }
        try (Stream<String> keys = store.list(ObjectKeys.TEMPORARY_PREFIX)) {
            assertEquals(0, keys.count(), "the failed write left its part file");
        }
    }

    @Test
    void refusesKeysObjectKeysWouldNeverMake() throws IOException {
        FileBlobStore store = new FileBlobStore(folder);
        for (String key : List.of("../escape", "tmp/../../x", "/absolute", "Upper/Case", "tmp//x", "")) {
            assertThrows(IllegalArgumentException.class, () -> store.size(key), key);
        }
    }
}
