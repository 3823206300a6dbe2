package io.tessera.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where instance objects live: the filesystem by default, S3-compatible storage in production.
 * Keys are produced by {@link ObjectKeys} only, never taken from a request.
 */
public interface BlobStore {

    /**
     * Writes the stream under {@code key} (replacing it) and returns the bytes written. The object can be read at
     * once, whole or not at all; it is sure to survive a power cut only after {@link #sync}.
     */
    long put(String key, InputStream content) throws IOException;

    /**
     * Returns once the object put under {@code key} is on the disk. A store whose put is durable by itself (S3 answers
     * a PUT once it is stored) has nothing to do; kept apart from put so that the wait for the disk can overlap the
     * next write.
     */
    default void sync(String key) throws IOException {
    }

    /** Opens the whole object; throws {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream get(String key) throws IOException;

    /** Opens {@code length} bytes starting at {@code offset}. */
    InputStream getRange(String key, long offset, long length) throws IOException;

    /** Size of the object, or -1 when absent. */
    long size(String key) throws IOException;

    /** When the object was last written, or null when absent; lets sweepers spare objects still being committed. */
    Instant lastModified(String key) throws IOException;

    /**
     * The file that holds the object, for a store that keeps objects as local files, so that it can be read straight
     * into the connection's buffers; empty for any other store.
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    void delete(String key) throws IOException;

    /** Keys under a prefix, for sweeping and consistency checks; close the stream. */
    Stream<String> list(String prefix) throws IOException;
}
