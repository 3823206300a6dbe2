package io.tessera.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Objects as files under one folder, a key being a relative path. Writes go to a hidden part file that is renamed
 * into place, so a reader never sees a half-written object. Where the filesystem allows, they bypass the page cache
 * ({@link DirectFileWriter}). A crash leaves only part files behind; they are listed like objects (as ".{uuid}.part"
 * beside the key's name) so that the sweeper removes them.
 * <p>
 * {@link #sync} makes an object durable, its name included (fsync of the file, then of its folder); new folders are
 * synced into their parents as they are made. Ingest indexes an object only after that, so an acknowledged store
 * survives a power cut, as Orthanc's default {@code SyncStorageArea} promises too. Without it ext4 may keep a new
 * file's data in memory for 30 s, and a cut would leave the index pointing at an empty file.
 */
public final class FileBlobStore implements BlobStore {
    /** What {@link ObjectKeys} makes; anything else is a bug, refused before it reaches the filesystem. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9._-]+(/[a-z0-9._-]+)*");
    private static final String PART_SUFFIX = ".part";
    private static final int COPY_BUFFER_SIZE = 64 * 1024;

    private final Path root;
    /** Null where the filesystem has no direct I/O: objects are then written through the page cache. */
    private final DirectFileWriter directWriter;
    /** Objects whose direct writes are still under way, by key: each read of one waits for its end. */
    private final Map<String, CompletableFuture<Void>> pendingWrites = new ConcurrentHashMap<>();

    public FileBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        this.directWriter = DirectFileWriter.probe(this.root);
    }

    /** Whether new objects are written with direct I/O, past the page cache ({@link DirectFileWriter}). */
    public boolean writesDirect() {
        return directWriter != null;
    }

    /**
     * With direct I/O this returns once the content is read, while the last writes may still be under way: the part
     * file is renamed into place when they end. Every read of the key and {@link #sync} wait for that, so the object
     * still reads whole or not at all; a failed write leaves it absent, which the sync then reports.
     */
    @Override
    public long put(String key, InputStream content) throws IOException {
        Path target = pathOf(key);
        awaitPendingWrite(key);
        createDirectories(target.getParent());
        Path part = target.resolveSibling("." + UUID.randomUUID() + PART_SUFFIX);
        try {
            if (directWriter == null) {
                long written = writeBuffered(part, content);
                rename(part, target);
                return written;
            }
            DirectFileWriter.Written written = directWriter.write(part, content);
            CompletableFuture<Void> placed = new CompletableFuture<>();
            pendingWrites.put(key, placed);
            written.done().thenRun(() -> renameUnchecked(part, target)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    deleteQuietly(part);
                }
                pendingWrites.remove(key, placed);
                placed.complete(null);
            });
            return written.size();
        } catch (Throwable e) {
            // after a rename the part file is gone: deleting it only on failure saves every store a system call
            try {
                Files.deleteIfExists(part);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void sync(String key) throws IOException {
        Path path = settledPathOf(key);
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            file.force(false);
        }
        syncFolder(path.getParent());
    }

    @Override
    public InputStream get(String key) throws IOException {
        return Files.newInputStream(settledPathOf(key));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(settledPathOf(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.of(settledPathOf(key));
    }

    @Override
    public long size(String key) throws IOException {
        Path path = settledPathOf(key);
        try {
            return Files.size(path);
        } catch (NoSuchFileException absent) {
            return -1;
        }
    }

    @Override
    public Instant lastModified(String key) throws IOException {
        try {
            return Files.getLastModifiedTime(settledPathOf(key)).toInstant();
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(settledPathOf(key));
    }

    @Override
    public Stream<String> list(String prefix) throws IOException {
        pendingWrites.values().forEach(CompletableFuture::join); // objects put before, in place rather than as parts
        String folder = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "";
        Path start = folder.isEmpty() ? root : pathOf(folder);
        if (!Files.isDirectory(start)) {
            return Stream.empty();
        }
        return Files.walk(start)
                .filter(Files::isRegularFile)
                .map(path -> root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/"))
                .filter(key -> key.startsWith(prefix));
    }

    /** 64 KiB at a time: InputStream.transferTo's 8 KiB made a CT slice eight times as many write calls. */
    private static long writeBuffered(Path file, InputStream content) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_SIZE];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (int n; (n = content.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                written += n;
            }
        }
        return written;
    }

    /** Creates the folder and its missing parents, each new entry made durable in its parent. */
    private static void createDirectories(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException concurrent) {
            // made meanwhile by another request; its entry is synced below all the same
        }
        syncFolder(folder.getParent());
    }

    /** fsync of a folder, which makes the entries created or renamed in it durable (Linux and macOS allow this). */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void renameUnchecked(Path from, Path to) {
        try {
            rename(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a part file left behind is listed beside its key, and the sweeper removes it
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The object's file, once a direct write of it under way has ended. */
    private Path settledPathOf(String key) {
        Path path = pathOf(key);
        awaitPendingWrite(key);
        return path;
    }

    /** Waits for the end of a direct write of the key, if one is under way; its outcome shows in the file. */
    private void awaitPendingWrite(String key) {
        CompletableFuture<Void> pending = pendingWrites.get(key);
        if (pending != null) {
            pending.join(); // completes normally either way
        }
    }

    private Path pathOf(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        return root.resolve(key);
    }
}
