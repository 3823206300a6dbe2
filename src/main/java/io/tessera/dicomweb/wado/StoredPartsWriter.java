package io.tessera.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.multipart.MultipartRelatedWriter;
import io.tessera.storage.BlobStore;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.jboss.resteasy.reactive.server.vertx.VertxResteasyReactiveRequestContext;

/**
 * Sends {@link StoredParts}. From the file store over plain HTTP/1.1, the stored ranges are read into pooled direct
 * buffers of 512 KiB and written straight to the connection's channel, the response with a Content-Length: Quarkus
 * REST's output stream would copy every byte twice more, 8 KiB at a time, with a hand-over between threads for each.
 * Not sendfile: where the receiver is on the same machine or node (a proxy in front, a client over loopback or veth)
 * it copies sendfile's page-cache pages at a higher cost than freshly written buffers, and the copy came out 25%
 * faster (docs/performance.md). Otherwise (S3, TLS, HTTP/2, HEAD) the parts are copied through the output stream,
 * chunked.
 */
@Provider
@Produces("multipart/related")
public class StoredPartsWriter implements ServerMessageBodyWriter<StoredParts> {
    /** What one write carries: 1 MiB measured no faster, 256 KiB 10% slower (docs/performance.md). */
    private static final int CHUNK_BYTES = 512 * 1024;
    /** Chunks read ahead of the socket, per response. */
    private static final int CHUNKS_IN_FLIGHT = 4;
    /** Room for a part's head in front of its first bytes (a larger head makes the buffer grow). */
    private static final int HEAD_ROOM = 4096;
    /** Buffers kept between responses (16 MiB): a new one may cost the JDK's zeroing of a new pool chunk. */
    private static final int SPARE_BUFFERS = 32;

    private final BlockingQueue<ByteBuf> spareBuffers = new ArrayBlockingQueue<>(SPARE_BUFFERS);

    @Inject
    BlobStore store;
    @Inject
    StoredBytes bytes;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
                               MediaType mediaType) {
        return StoredParts.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return StoredParts.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(StoredParts parts, Type genericType, ServerRequestContext context) throws IOException {
        Optional<Channel> channel = plainHttp1Channel(context);
        List<Path> files = channel.isPresent() && !parts.parts().isEmpty() ? localFiles(parts) : null;
        if (files == null) {
            try (OutputStream out = context.getOrCreateOutputStream()) {
                copy(parts, out);
            }
            return;
        }
        // Every size is known before the first byte goes out, so the response has a Content-Length and no chunk
        // framing: nothing is written around the stored ranges but the part heads.
        List<byte[]> heads = new ArrayList<>(files.size());
        List<List<ByteRange>> ranges = new ArrayList<>(files.size());
        long length = MultipartRelatedWriter.closeDelimiter(parts.boundary(), false).length;
        for (int i = 0; i < files.size(); i++) {
            heads.add(partHead(parts, i));
            ranges.add(rangesOf(parts.parts().get(i)));
            length += heads.get(i).length + ranges.get(i).stream().mapToLong(ByteRange::length).sum();
        }
        context.serverResponse().setResponseHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        // The first write goes through Quarkus REST, which sends the status line and headers with it. Awaited, since
        // ours go to the channel directly, past whatever Vert.x may still hold back.
        await(context.serverResponse().write(heads.get(0)));
        try {
            sendFiles(channel.get(), heads, files, ranges);
        } catch (IOException | RuntimeException e) {
            channel.get().close(); // the status line is out: a cut connection is the only way to say it failed
            throw e;
        }
        // Queued on the connection's event loop after the last chunks, which it writes first.
        context.serverResponse().end(MultipartRelatedWriter.closeDelimiter(parts.boundary(), false));
    }

    /**
     * Every part after the first's head, then its ranges: read from the page cache into a pooled direct buffer at a
     * time on this thread, each written by the event loop, which puts the buffer back among the spares once written.
     * At most {@link #CHUNKS_IN_FLIGHT} are queued; the worker then waits for the oldest (writes complete in order).
     * It does not wait for the last ones: the event loop runs the response's end after them.
     */
    private void sendFiles(Channel channel, List<byte[]> heads, List<Path> files, List<List<ByteRange>> ranges)
            throws IOException {
        ArrayDeque<ChannelFuture> inFlight = new ArrayDeque<>();
        for (int i = 0; i < files.size(); i++) {
            byte[] head = i > 0 ? heads.get(i) : null;
            try (FileChannel file = FileChannel.open(files.get(i), StandardOpenOption.READ)) {
                for (ByteRange range : ranges.get(i)) {
                    long position = range.offset();
                    long end = range.offset() + range.length();
                    do {
                        if (inFlight.size() == CHUNKS_IN_FLIGHT) {
                            await(inFlight.poll());
                        }
                        ByteBuf chunk = spareOrNew(channel);
                        try {
                            if (head != null) {
                                chunk.writeBytes(head);
                                head = null;
                            }
                            position += read(file, position, end, chunk);
                        } catch (IOException | RuntimeException e) {
                            putBack(chunk);
                            throw e;
                        }
                        // Retained: the event loop's release after the write leaves the buffer to us, to put back.
                        inFlight.add(channel.writeAndFlush(new DefaultHttpContent(chunk.retain()))
                                .addListener(written -> putBack(chunk)));
                    } while (position < end);
                }
            }
            if (head != null) { // a part without bytes
                inFlight.add(channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(head))));
            }
        }
    }

    private ByteBuf spareOrNew(Channel channel) {
        ByteBuf spare = spareBuffers.poll();
        return spare != null ? spare.clear() : channel.alloc().directBuffer(CHUNK_BYTES + HEAD_ROOM);
    }

    private void putBack(ByteBuf buffer) {
        if (!spareBuffers.offer(buffer)) {
            buffer.release();
        }
    }

    /** Reads from {@code position} until {@code end} or until {@code chunk} holds {@link #CHUNK_BYTES}. */
    private static long read(FileChannel file, long position, long end, ByteBuf chunk) throws IOException {
        int length = (int) Math.min(end - position, CHUNK_BYTES);
        int done = 0;
        while (done < length) {
            int read = chunk.writeBytes(file, position + done, length - done);
            if (read < 0) {
                throw new IOException("the stored object ends before the index says it does");
            }
            done += read;
        }
        return done;
    }

    /** The fallback, and what JAX-RS calls when the server's own path is not taken. */
    @Override
    public void writeTo(StoredParts parts, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
            throws IOException {
        copy(parts, out);
    }

    private void copy(StoredParts parts, OutputStream out) throws IOException {
        MultipartRelatedWriter writer = new MultipartRelatedWriter(out, parts.boundary());
        for (StoredParts.Part part : parts.parts()) {
            try (OutputStream body = writer.startPart(part.headers())) {
                if (part.ranges() == null) {
                    bytes.copyObject(part.objectKey(), body);
                } else {
                    for (ByteRange range : part.ranges()) {
                        bytes.copyRange(part.objectKey(), range, body);
                    }
                }
            }
        }
        writer.finish();
    }

    /** The connection's channel when stored bytes can go straight into it: HTTP/1.x without TLS, not HEAD. */
    private static Optional<Channel> plainHttp1Channel(ServerRequestContext context) {
        if (!(context.serverResponse() instanceof VertxResteasyReactiveRequestContext vertx)) {
            return Optional.empty();
        }
        HttpServerRequest request = vertx.vertxServerRequest();
        if (request.isSSL() || request.method() == HttpMethod.HEAD
                || request.version() == HttpVersion.HTTP_2
                || !(request.connection() instanceof ConnectionBase connection)) {
            return Optional.empty();
        }
        return Optional.of(connection.channel());
    }

    /** The local file of every part, or null when one is not in the file store. */
    private List<Path> localFiles(StoredParts parts) {
        List<Path> files = new ArrayList<>(parts.parts().size());
        for (StoredParts.Part part : parts.parts()) {
            Optional<Path> file = store.localFile(part.objectKey());
            if (file.isEmpty()) {
                return null;
            }
            files.add(file.get());
        }
        return files;
    }

    private static List<ByteRange> rangesOf(StoredParts.Part part) {
        return part.ranges() != null ? part.ranges() : List.of(new ByteRange(0, part.objectSize()));
    }

    private static byte[] partHead(StoredParts parts, int index) {
        return MultipartRelatedWriter.partHead(parts.boundary(), index == 0, parts.parts().get(index).headers());
    }

    private static void await(ChannelFuture future) throws IOException {
        if (future != null && !future.awaitUninterruptibly().isSuccess()) {
            throw new IOException("the client stopped reading", future.cause());
        }
    }

    private static void await(CompletionStage<Void> written) throws IOException {
        try {
            written.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IOException("the client stopped reading", e.getCause());
        }
    }
}
