package io.tessera.dicomweb.stow;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A request body read on a thread of its own, up to a megabyte ahead of the request thread.
 *
 * <p>Quarkus REST's blocking stream asks the event loop for one buffer at a time ({@code fetch(1)} in
 * {@code VertxInputStream}), so every 64 KiB of a body was a round trip between the request thread and the event
 * loop, taken while the request thread did nothing else. Read ahead, those round trips overlap the request thread's
 * hashing, writing and parsing (docs/performance.md). The source stays Quarkus REST's stream, with its timeout and
 * its end-of-body and error handling; a failure reaches the reader after the bytes that came before it.
 */
final class ReadAheadInputStream extends InputStream {
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int QUEUED_CHUNKS = 16;
    private static final Chunk END = new Chunk(new byte[0], 0, null);
    private static final Chunk NONE_YET = new Chunk(new byte[0], 0, null);
    /** One thread per body being read; threads idle for a minute end (a cached pool). */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tessera-body-reader");
        thread.setDaemon(true);
        return thread;
    });

    private record Chunk(byte[] bytes, int length, IOException failure) {
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private volatile boolean closed;
    private Chunk current = NONE_YET;
    private int position;

    ReadAheadInputStream(InputStream source) {
        this.source = source;
        READERS.execute(this::readAhead);
    }

    /** On the reader thread: the source's bytes into the queue, then END, or the failure; it closes the source. */
    private void readAhead() {
        try (source) {
            while (!closed) {
                byte[] bytes = new byte[CHUNK_BYTES];
                int length = source.read(bytes);
                if (length < 0) {
                    break;
                }
                chunks.put(new Chunk(bytes, length, null));
            }
            chunks.put(END);
        } catch (IOException e) {
            handOver(new Chunk(null, 0, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handOver(Chunk failure) {
        try {
            chunks.put(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        return nextChunk() ? current.bytes()[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!nextChunk()) {
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        System.arraycopy(current.bytes(), position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Whether unread bytes are at hand, taking the next chunk when the current one is used up. */
    private boolean nextChunk() throws IOException {
        if (closed) {
            throw new IOException("the request body was closed"); // its end may have been cleared from the queue
        }
        while (position == current.length()) {
            if (current == END) {
                return false;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the request body");
            }
            position = 0;
            if (current.failure() != null) {
                IOException failure = current.failure();
                current = END;
                throw failure;
            }
        }
        return true;
    }

    /**
     * Stops reading ahead: the reader thread ends once its read in progress returns (at once when the body is over
     * or the connection closed, else after Quarkus REST's read timeout), and closes the source itself.
     */
    @Override
    public void close() {
        closed = true;
        chunks.clear(); // a reader waiting for room goes on, finds closed, and ends
    }
}
