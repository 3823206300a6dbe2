package io.tessera.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Writes new files with direct I/O ({@code O_DIRECT}): from aligned buffers to the disk, past the page cache.
 *
 * <p>Why: a buffered write of a CT slice cost more CPU than anything else on STOW but its SHA-256. The kernel
 * allocates, fills and accounts a page-cache page per 4 KiB, and the fsync that follows writes them back
 * (docs/performance.md, "Direct writes that do not wait"). An archive's new objects are rarely read again soon,
 * and a page cache full of them pushes out what is read: the index, recent series.
 *
 * <p>The cost of direct I/O is that a write waits for the disk. So the caller only fills buffers: each
 * {@link #CHUNK_BYTES} chunk is written by a writer thread while the caller reads the next, and {@link #write}
 * returns once the content is read, with the writes still under way ({@link Written#done}). At most
 * {@link #BUFFERS} chunks are in memory at once; a caller that would need more waits for a write to finish.
 *
 * <p>Direct I/O needs each write aligned to the filesystem's block, in place and length: the bytes after the last
 * whole block (under 4 KiB) go through the page cache instead, once the direct writes have ended. Filesystems
 * without direct I/O are found by {@link #probe}; their store writes through the page cache.
 */
final class DirectFileWriter {
    static final int CHUNK_BYTES = 256 * 1024;
    /** Chunks being filled or written, for all files at once: 16 MiB. */
    private static final int BUFFERS = 64;
    private static final int WRITER_THREADS = 8;
    private static final int STAGING_BYTES = 64 * 1024;
    /** One pool for all stores of the process: the writes wait for the disk, not for the CPU. */
    private static final ExecutorService WRITERS = Executors.newFixedThreadPool(WRITER_THREADS, task -> {
        Thread thread = new Thread(task, "tessera-object-write");
        thread.setDaemon(true);
        return thread;
    });

    /** A file whose content has been read: its length, and the end of its writes (failed if one failed). */
    record Written(long size, CompletableFuture<Void> done) {
    }

    private final int blockBytes;
    private final Semaphore buffersFree = new Semaphore(BUFFERS);
    private final Queue<ByteBuffer> spares = new ConcurrentLinkedQueue<>();

    private DirectFileWriter(int blockBytes) {
        this.blockBytes = blockBytes;
    }

    /**
     * A writer for files in {@code folder}, or null when its filesystem refuses direct I/O or has a block size that
     * does not divide a chunk.
     */
    static DirectFileWriter probe(Path folder) {
        Path probe = folder.resolve("." + UUID.randomUUID() + ".probe");
        try {
            long blockBytes = Files.getFileStore(folder).getBlockSize();
            if (blockBytes <= 0 || CHUNK_BYTES % blockBytes != 0) {
                return null;
            }
            DirectFileWriter writer = new DirectFileWriter((int) blockBytes);
            try (FileChannel channel = open(probe)) {
                ByteBuffer block = writer.take();
                block.position(writer.blockBytes).flip();
                channel.write(block, 0);
                writer.giveBack(block);
            }
            return writer;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // left behind, it is a hidden file of the store's root, which nothing reads
            }
        }
    }

    /**
     * Creates {@code file} and reads {@code content} to its end into it. Returns when the content is read; the
     * file is complete and closed once {@link Written#done} completes. Throws if reading fails,
     * after the writes under way have ended.
     */
    Written write(Path file, InputStream content) throws IOException {
        FileChannel channel = open(file);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        byte[] staging = new byte[STAGING_BYTES];
        byte[] tail = new byte[0];
        long size = 0;
        try {
            for (boolean ended = false; !ended; ) {
                ByteBuffer chunk = take();
                int length;
                try {
                    ended = fill(chunk, content, staging);
                    length = chunk.position();
                } catch (IOException | RuntimeException e) {
                    giveBack(chunk);
                    throw e;
                }
                int whole = length / blockBytes * blockBytes;
                if (whole < length) { // only at the end: fill stops short of a full chunk only there
                    tail = new byte[length - whole];
                    chunk.get(whole, tail);
                }
                if (whole == 0) {
                    giveBack(chunk);
                } else {
                    writes.add(writeAsync(channel, chunk.position(0).limit(whole), size));
                }
                size += length;
            }
        } catch (IOException | RuntimeException e) {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((ok, failure) -> null).join();
            closeQuietly(channel);
            throw e;
        }
        byte[] lastBytes = tail;
        long tailAt = size - tail.length;
        CompletableFuture<Void> done = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenRun(() -> writeTail(file, lastBytes, tailAt))
                .whenComplete((ok, failure) -> closeQuietly(channel));
        return new Written(size, done);
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT);
    }

    /** Reads into the buffer until it is full or the content ends; true if it ended. */
    private static boolean fill(ByteBuffer buffer, InputStream content, byte[] staging) throws IOException {
        while (buffer.hasRemaining()) {
            int n = content.read(staging, 0, Math.min(staging.length, buffer.remaining()));
            if (n < 0) {
                return true;
            }
            buffer.put(staging, 0, n);
        }
        return false;
    }

    private CompletableFuture<Void> writeAsync(FileChannel channel, ByteBuffer chunk, long position) {
        return CompletableFuture.runAsync(() -> {
            try {
                writeFully(channel, chunk, position);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                giveBack(chunk);
            }
        }, WRITERS);
    }

    /**
     * Writes the bytes after the last whole block through the page cache, with a descriptor of its own: a direct
     * write would have to pad them to a block and cut the file back, an ftruncate that took 1.9% of STOW's samples.
     */
    private static void writeTail(Path file, byte[] bytes, long position) {
        if (bytes.length == 0) {
            return;
        }
        try (FileChannel buffered = FileChannel.open(file, StandardOpenOption.WRITE)) {
            writeFully(buffered, ByteBuffer.wrap(bytes), position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        for (long at = position; bytes.hasRemaining(); ) {
            at += channel.write(bytes, at);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was left to write; a failed write has failed its future already
        }
    }

    /** A free aligned chunk buffer, waiting while all {@link #BUFFERS} are in use. */
    private ByteBuffer take() throws InterruptedIOException {
        try {
            buffersFree.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a write buffer");
        }
        ByteBuffer buffer = spares.poll();
        if (buffer != null) {
            return buffer.clear();
        }
        return ByteBuffer.allocateDirect(CHUNK_BYTES + blockBytes).alignedSlice(blockBytes).limit(CHUNK_BYTES).slice();
    }

    private void giveBack(ByteBuffer buffer) {
        spares.offer(buffer);
        buffersFree.release();
    }
}
