package io.tessera.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Objects as files under one folder, a key being a relative path. Writes go to a hidden part file that is renamed
 * into place, so a reader never sees a half-written object. A crash leaves only part files behind; they are listed
 * like objects (as ".{uuid}.part" beside the key's name) so that the sweeper removes them.
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

    public FileBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
    }

    @Override
    public long put(String key, InputStream content) throws IOException {
        Path target = pathOf(key);
        createDirectories(target.getParent());
        Path part = target.resolveSibling("." + UUID.randomUUID() + PART_SUFFIX);
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
                written = copy(content, out);
            }
            rename(part, target);
            return written;
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
        Path path = pathOf(key);
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            file.force(false);
        }
        syncFolder(path.getParent());
    }

    @Override
    public InputStream get(String key) throws IOException {
        return Files.newInputStream(pathOf(key));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(key), StandardOpenOption.READ);
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
        return Optional.of(pathOf(key));
    }

    @Override
    public long size(String key) throws IOException {
        Path path = pathOf(key);
        try {
            return Files.size(path);
        } catch (NoSuchFileException absent) {
            return -1;
        }
    }

    @Override
    public Instant lastModified(String key) throws IOException {
        try {
            return Files.getLastModifiedTime(pathOf(key)).toInstant();
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public Stream<String> list(String prefix) throws IOException {
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
    private static long copy(InputStream content, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_SIZE];
        long written = 0;
        for (int n; (n = content.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            written += n;
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

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path pathOf(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        return root.resolve(key);
    }
}
