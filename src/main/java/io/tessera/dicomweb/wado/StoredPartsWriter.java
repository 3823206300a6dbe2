package io.tessera.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.jboss.resteasy.reactive.server.vertx.VertxResteasyReactiveRequestContext;

/**
 * Sends {@link StoredParts}. From the file store over plain HTTP/1.1, each stored range goes from the page cache to the
 * socket with sendfile ({@link DefaultFileRegion}) between the part headers, as nginx serves files: Quarkus REST's
 * output stream would copy every byte twice more (into our buffer, then into its own). Otherwise (S3, TLS, HTTP/2,
 * HEAD) the parts are copied through the output stream, chunked. With sendfile the response has a Content-Length, and
 * the worker queues a few parts ahead, so a study of thousands of instances holds only those parts' files open.
 */
@Provider
@Produces("multipart/related")
public class StoredPartsWriter implements ServerMessageBodyWriter<StoredParts> {
    /** Parts whose files may be open at once, queued in the connection. */
    private static final int PARTS_IN_FLIGHT = 8;

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
        // framing: nothing is written around the file regions but the part heads.
        List<byte[]> heads = new ArrayList<>(files.size());
        List<List<ByteRange>> ranges = new ArrayList<>(files.size());
        long length = MultipartRelatedWriter.closeDelimiter(parts.boundary(), false).length;
        for (int i = 0; i < files.size(); i++) {
            heads.add(partHead(parts, i));
            ranges.add(rangesOf(parts.parts().get(i)));
            length += heads.get(i).length + ranges.get(i).stream().mapToLong(ByteRange::length).sum();
        }
        context.serverResponse().setResponseHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        // The first write goes through Quarkus REST, which sends the status line and headers with it.
        await(context.serverResponse().write(heads.get(0)));
        try {
            sendFiles(channel.get(), heads, files, ranges);
        } catch (IOException | RuntimeException e) {
            channel.get().close(); // the status line is out: a cut connection is the only way to say it failed
            throw e;
        }
        context.serverResponse().end(MultipartRelatedWriter.closeDelimiter(parts.boundary(), false));
    }

    /**
     * Every part after the first's head: its head, then its ranges as file regions, handed to the event loop as one
     * task per part. Up to {@link #PARTS_IN_FLIGHT} parts are queued; when that many are, the worker waits for the
     * older half (a channel completes its writes in order), so it is woken once per half window, not once per part.
     */
    private static void sendFiles(Channel channel, List<byte[]> heads, List<Path> files, List<List<ByteRange>> ranges)
            throws IOException {
        ArrayDeque<ChannelFuture> inFlight = new ArrayDeque<>();
        for (int i = 0; i < files.size(); i++) {
            ByteBuf head = i > 0 ? Unpooled.wrappedBuffer(heads.get(i)) : null;
            List<DefaultFileRegion> regions = openRegions(files.get(i), ranges.get(i));
            ChannelPromise sent = channel.newPromise();
            try {
                channel.eventLoop().execute(() -> writePart(channel, head, regions, sent));
            } catch (RuntimeException rejected) { // the event loop is shutting down
                regions.forEach(DefaultFileRegion::release);
                throw rejected;
            }
            inFlight.add(sent);
            if (inFlight.size() >= PARTS_IN_FLIGHT) {
                awaitOldest(inFlight, PARTS_IN_FLIGHT / 2);
            }
        }
        awaitOldest(inFlight, inFlight.size());
    }

    /** On the event loop: the part's head and regions, completing {@code sent} with the last of them. */
    private static void writePart(Channel channel, ByteBuf head, List<DefaultFileRegion> regions,
                                  ChannelPromise sent) {
        if (head != null) {
            channel.write(new DefaultHttpContent(head), regions.isEmpty() ? sent : channel.newPromise());
        } else if (regions.isEmpty()) {
            sent.setSuccess();
        }
        for (int r = 0; r < regions.size(); r++) {
            channel.write(regions.get(r), r == regions.size() - 1 ? sent : channel.newPromise());
        }
        channel.flush();
    }

    /** Opens the file once per range; none stays open when one cannot be opened. */
    private static List<DefaultFileRegion> openRegions(Path file, List<ByteRange> ranges) throws IOException {
        List<DefaultFileRegion> regions = new ArrayList<>(ranges.size());
        try {
            for (ByteRange range : ranges) {
                regions.add(new DefaultFileRegion(FileChannel.open(file, StandardOpenOption.READ), range.offset(),
                        range.length()));
            }
        } catch (IOException | RuntimeException e) {
            regions.forEach(DefaultFileRegion::release);
            throw e;
        }
        return regions;
    }

    /** Waits for the {@code count} oldest writes, which complete in order; fails if one of them failed. */
    private static void awaitOldest(ArrayDeque<ChannelFuture> inFlight, int count) throws IOException {
        List<ChannelFuture> oldest = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            oldest.add(inFlight.poll());
        }
        if (!oldest.isEmpty()) {
            await(oldest.get(oldest.size() - 1));
        }
        for (ChannelFuture written : oldest) {
            await(written);
        }
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

    /** The connection's channel when file regions can go straight into it: HTTP/1.x without TLS, not HEAD. */
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
