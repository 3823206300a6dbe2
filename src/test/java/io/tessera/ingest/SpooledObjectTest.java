package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.storage.FileBlobStore;
import io.tessera.storage.ObjectKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an object back through the head ingest kept while writing it, on a real filesystem store. */
class SpooledObjectTest {
    private static final int SIZE = 200_000;

    @TempDir
    Path folder;

    private FileBlobStore store;
    private byte[] content;
    private SpooledObject spooled;

    @BeforeEach
    void spool() throws IOException {
        store = new FileBlobStore(folder);
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        spooled = spool(content);
    }

    @Test
    void readsTheHeadThenTheStore() throws IOException {
        try (InputStream in = spooled.open(store)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void readsByteByByteAcrossTheEndOfTheHead() throws IOException {
        int headEnd = HashingInputStream.HEAD_BYTES;
        try (InputStream in = spooled.open(store)) {
            assertEquals(headEnd - 2, in.skip(headEnd - 2));
            for (int i = headEnd - 2; i < headEnd + 2; i++) {
                assertEquals(content[i] & 0xFF, in.read());
            }
        }
    }

    @Test
    void skipsWithinTheHeadAndPastIt() throws IOException {
        try (InputStream in = spooled.open(store)) {
            assertEquals(1000, in.skip(1000));
            assertArrayEquals(Arrays.copyOfRange(content, 1000, 1010), in.readNBytes(10));
            assertEquals(100_000, in.skip(100_000));
            assertArrayEquals(Arrays.copyOfRange(content, 101_010, SIZE), in.readAllBytes());
        }
    }

    @Test
    void aReaderThatSkipsToTheEndNeverTouchesTheStore() throws IOException {
        store.delete(spooled.key());
        try (InputStream in = spooled.open(store)) {
            assertArrayEquals(Arrays.copyOf(content, 100), in.readNBytes(100));
            assertEquals(SIZE - 100, in.skip(Long.MAX_VALUE));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aSmallObjectIsAllHead() throws IOException {
        SpooledObject small = spool(Arrays.copyOf(content, 5000));
        store.delete(small.key());
        try (InputStream in = small.open(store)) {
            assertArrayEquals(Arrays.copyOf(content, 5000), in.readAllBytes());
        }
    }

    @Test
    void anObjectShorterThanWrittenIsAnError() throws IOException {
        SpooledObject claimsMore = new SpooledObject(spooled.key(), SIZE + 10, spooled.sha256(), spooled.crc32(),
                spooled.head());
        try (InputStream in = claimsMore.open(store)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
    }

    private SpooledObject spool(byte[] bytes) throws IOException {
        String key = ObjectKeys.newTemporaryKey();
        HashingInputStream written = new HashingInputStream(new ByteArrayInputStream(bytes));
        store.put(key, written);
        return SpooledObject.of(key, written);
    }
}
