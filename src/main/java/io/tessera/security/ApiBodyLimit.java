package io.tessera.security;

import io.tessera.config.TesseraConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bounds request bodies under {@code /api} ({@code tessera.api.max-body-bytes}) with 413: at once when the
 * Content-Length says so, and while reading for a chunked body. DICOMweb bodies are not bounded here; STOW-RS
 * bounds each instance instead ({@code tessera.ingest.max-instance-bytes}).
 */
@Provider
public class ApiBodyLimit implements ReaderInterceptor {
    /** Looked up on use: providers are made at build time, before configuration mappings exist. */
    private final Instance<TesseraConfig> config;
    private final HttpServerRequest request;

    ApiBodyLimit(Instance<TesseraConfig> config, HttpServerRequest request) {
        this.config = config;
        this.request = request;
    }

    private long maxBytes() {
        return config.get().api().maxBodyBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseDeclaredOversize(ContainerRequestContext context) {
        String length = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !isApi(context.getUriInfo().getRequestUri().getPath())) {
            return null;
        }
        try {
            return Long.parseLong(length.strip()) > maxBytes() ? tooLarge() : null;
        } catch (NumberFormatException e) {
            return null; // the HTTP layer has already refused a malformed Content-Length
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (isApi(request.path())) {
            context.setInputStream(new Capped(context.getInputStream(), maxBytes()));
        }
        return context.proceed();
    }

    private static boolean isApi(String path) {
        return path != null && path.replaceAll("/+", "/").startsWith("/api/");
    }

    private Response tooLarge() {
        return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "Request bodies under /api are limited to " + maxBytes() + " bytes"))
                .build();
    }

    /** Fails the read with 413 once more than the limit has been read. */
    private final class Capped extends FilterInputStream {
        private long remaining;

        Capped(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw new WebApplicationException(tooLarge());
            }
        }
    }
}
