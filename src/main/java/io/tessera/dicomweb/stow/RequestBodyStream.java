package io.tessera.dicomweb.stow;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request body read straight from the Vert.x request, with up to {@link #WINDOW} buffers (1 MiB at the 64 KiB
 * chunk size) asked for ahead of the reader.
 *
 * <p>Quarkus REST's blocking stream asks the event loop for one buffer at a time ({@code fetch(1)} in
 * {@code VertxInputStream}), so every 64 KiB of a body was a round trip between the request thread and the event
 * loop, taken while the request thread did nothing else (docs/performance.md). Here the event loop goes on filling
 * the window while the request thread hashes, writes and parses, and the demand is topped up half a window at a
 * time, so most buffers cost the request thread no wake-up of the event loop. Otherwise it behaves as Quarkus REST's
 * stream: it answers {@code Expect: 100-continue} on the first read, a read waits at most
 * {@code quarkus.http.read-timeout} and then closes the connection, and closing the stream reads the rest of the body
 * so that the connection can carry its next request. A failure of the connection reaches the reader after the
 * bytes that came before it.
 */
final class RequestBodyStream extends InputStream {
    private static final int WINDOW = 16;
    private static final int REFILL = WINDOW / 2;

    private final HttpServerRequest request;
    /** Guards the fields below it, as in Quarkus REST; Vert.x takes the same lock when it calls the handlers. */
    private final Object lock;
    private final long timeoutMillis;
    private final Deque<Buffer> received = new ArrayDeque<>();
    private boolean ended;
    private IOException failure;
    private boolean waiting;

    /** Only the reading thread touches these. */
    private boolean continueToSend;
    private ByteBuf current;
    private int takenSinceFetch;
    private boolean closed;

    RequestBodyStream(HttpServerRequest request, Duration readTimeout) {
        this.request = request;
        this.timeoutMillis = readTimeout.toMillis();
        this.continueToSend = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        ConnectionBase connection = (ConnectionBase) request.connection();
        this.lock = connection;
        synchronized (lock) {
            if (!connection.channel().isOpen()) {
                failure = new ClosedChannelException();
            } else if (request.isEnded()) {
                ended = true;
            } else {
                request.pause(); // before the handler, which would otherwise let the body flow unbounded
                request.handler(this::onBuffer);
                request.endHandler(end -> onEnd());
                request.exceptionHandler(this::onFailure);
                request.fetch(WINDOW);
            }
        }
    }

    /** On the event loop. */
    private void onBuffer(Buffer buffer) {
        synchronized (lock) {
            if (buffer.length() == 0 && request.version() == HttpVersion.HTTP_2) {
                ended = true; // HTTP/2 ends a body with an empty frame
            } else {
                received.add(buffer);
            }
            wakeReader();
        }
    }

    private void onEnd() {
        synchronized (lock) {
            ended = true;
            wakeReader();
        }
    }

    private void onFailure(Throwable cause) {
        synchronized (lock) {
            failure = cause instanceof IOException io ? io : new IOException(cause);
            wakeReader();
        }
    }

    private void wakeReader() {
        if (waiting) {
            lock.notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        return readable() ? current.readByte() & 0xff : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!readable()) {
            return -1;
        }
        int n = Math.min(length, current.readableBytes());
        current.readBytes(bytes, offset, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        if (closed) {
            throw new IOException("the request body was closed");
        }
        int available = current == null ? 0 : current.readableBytes();
        synchronized (lock) {
            for (Buffer buffer : received) {
                available += buffer.length();
            }
        }
        return available;
    }

    /** Whether unread bytes are at hand, taking the next buffer when the current one is used up. */
    private boolean readable() throws IOException {
        if (closed) {
            throw new IOException("the request body was closed");
        }
        while (current == null || !current.isReadable()) {
            releaseCurrent();
            current = next();
            if (current == null) {
                return false;
            }
        }
        return true;
    }

    /** The next buffer of the body, or null at its end; waits for it at most the read timeout. */
    private ByteBuf next() throws IOException {
        if (continueToSend) {
            continueToSend = false;
            request.response().writeContinue();
        }
        synchronized (lock) {
            long expiry = System.currentTimeMillis() + timeoutMillis;
            while (received.isEmpty() && !ended && failure == null) {
                long left = expiry - System.currentTimeMillis();
                if (left <= 0) {
                    failure = new IOException("Read timed out");
                    request.connection().close(); // the client stopped sending mid-body: the connection is unusable
                    break;
                }
                if (Context.isOnEventLoopThread()) {
                    throw new IllegalStateException("a blocking read of the request body on an event loop");
                }
                waiting = true;
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                } finally {
                    waiting = false;
                }
            }
            Buffer buffer = received.poll();
            if (buffer != null) {
                if (++takenSinceFetch == REFILL && !request.isEnded()) { // HTTP/2 refuses a fetch after the end
                    takenSinceFetch = 0;
                    request.fetch(REFILL);
                }
                return buffer.getByteBuf();
            }
            if (failure != null) {
                throw new IOException("the request body broke off: " + failure.getMessage(), failure);
            }
            return null;
        }
    }

    private void releaseCurrent() {
        if (current != null) {
            current.release();
            current = null;
        }
    }

    /** Reads what is left of the body, so that a kept-alive connection can carry the next request. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            while (readable()) {
                current.skipBytes(current.readableBytes());
            }
        } finally {
            closed = true;
            releaseCurrent();
        }
    }
}
