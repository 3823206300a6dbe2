package io.tessera.viewer;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OHIF Viewer v3 at the origin root (docs/viewer.md): the files of its prebuilt bundle, packed into the jar under
 * {@code viewer/} by the build, its generated {@code app-config.js}, and {@code index.html} for the viewer's own
 * routes (a reload of {@code /viewer?StudyInstanceUIDs=...} must find the app). The routes are listed rather than
 * caught all, so nothing under /dicomweb, /api, /nbia-api, /collections or /q is ever shadowed.
 */
@Path("/")
public class ViewerResource {
    /** Where the build puts the bundle on the classpath. */
    static final String BUNDLE = "viewer/";

    /** The client-side routes of the modes compiled into the bundle, and the app's own pages. */
    private static final String ROUTES = "viewer|basic|segmentation|tmtv|microscopy|dynamic-volume|usAnnotation"
            + "|local|notfoundstudy|notfoundserver|callback|localbasic";

    /** Content-hashed names ({@code 8478.bundle.4520037e6185b95f.js}, {@code 0ddf166f7a343eda.wasm}) never change. */
    private static final Pattern HASHED = Pattern.compile("(^|.*\\.)[0-9a-f]{16}\\.(js|wasm|woff2|css)");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("json", "application/json"),
            Map.entry("jsonc", "application/json"),
            Map.entry("webapp", "application/manifest+json"),
            Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"));

    private static final CacheControl REVALIDATE = CacheControl.valueOf("no-cache");
    private static final CacheControl IMMUTABLE = CacheControl.valueOf("public, max-age=31536000, immutable");

    private final AppConfig appConfig;

    ViewerResource(AppConfig appConfig) {
        this.appConfig = appConfig;
    }

    /** The configuration for this caller: its readable collections as data sources. */
    @GET
    @Path("app-config.js")
    @Produces("text/javascript; charset=utf-8")
    public Response appConfig() {
        return Response.ok(appConfig.script()).cacheControl(REVALIDATE).build();
    }

    /** The app for any of its routes, e.g. {@code /viewer}, {@code /local}. */
    @GET
    @Path("{route: " + ROUTES + "}")
    public Response app(@Context Request request) {
        return file("index.html", request);
    }

    /** The app for a route with a data source, e.g. {@code /viewer/all}, {@code /segmentation/collection-lidc}. */
    @GET
    @Path("{route: " + ROUTES + "}/{dataSource}")
    public Response appWithDataSource(@Context Request request) {
        return app(request);
    }

    /** A file at the top of the bundle ({@code app.bundle.<hash>.js}, {@code manifest.json}, ...). */
    @GET
    @Path("{file: [^/]+\\.[A-Za-z0-9]+}")
    public Response topFile(@PathParam("file") String file, @Context Request request) {
        return file(file, request);
    }

    /** A file in one of the bundle's folders. */
    @GET
    @Path("{folder: assets|customizations}/{file: [A-Za-z0-9._/-]+}")
    public Response folderFile(@PathParam("folder") String folder, @PathParam("file") String file,
                               @Context Request request) {
        return file(folder + "/" + file, request);
    }

    /**
     * Streams one file of the bundle. Hashed names are cached for a year; the rest (index.html among them) are
     * revalidated on each use against an entity tag of their size and time in the jar.
     */
    private Response file(String name, Request request) {
        if (name.contains("..")) {
            throw notFound(name);
        }
        URL url = Thread.currentThread().getContextClassLoader().getResource(BUNDLE + name);
        if (url == null && name.equals("index.html")) {
            throw new DicomWebException(Status.NOT_FOUND,
                    "The viewer is not part of this build (it was built with -Dtessera.viewer.skip=true)");
        }
        if (url == null) {
            throw notFound(name);
        }
        try {
            URLConnection connection = url.openConnection();
            long length = connection.getContentLengthLong();
            boolean hashed = HASHED.matcher(name).matches();
            EntityTag tag = new EntityTag(Long.toHexString(length) + "-" + Long.toHexString(connection.getLastModified()));
            Response.ResponseBuilder unchanged = hashed ? null : request.evaluatePreconditions(tag);
            if (unchanged != null) {
                return unchanged.cacheControl(REVALIDATE).build();
            }
            InputStream body = connection.getInputStream();
            Response.ResponseBuilder response = Response.ok(body, type(name)).header("Content-Length", length);
            return hashed ? response.cacheControl(IMMUTABLE).build()
                    : response.cacheControl(REVALIDATE).tag(tag).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the viewer file " + name, e);
        }
    }

    private static String type(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static DicomWebException notFound(String name) {
        return new DicomWebException(Status.NOT_FOUND, "No such file: /" + name);
    }
}
