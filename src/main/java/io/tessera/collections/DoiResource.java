package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /api/dois/{prefix}/{suffix}}: the collection behind a DOI. A DOI holds a slash, so it spans two path
 * segments (its suffix may hold more slashes). Matching ignores the case of ASCII letters, as DOIs do.
 */
@Path("/api/dois")
public class DoiResource {
    private final CollectionCatalog catalog;
    private final CollectionViews views;
    private final ReadAccess access;

    DoiResource(CollectionCatalog catalog, CollectionViews views, ReadAccess access) {
        this.catalog = catalog;
        this.views = views;
        this.access = access;
    }

    @GET
    @Path("{prefix}/{suffix: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public CollectionView get(@PathParam("prefix") String prefix, @PathParam("suffix") String suffix,
                              @Context HttpHeaders headers, @Context UriInfo uri) {
        return byDoi(prefix + "/" + suffix, headers, uri);
    }

    /** The DOI as one segment, its slash percent-encoded, as some clients send it. */
    @GET
    @Path("{doi}")
    @Produces(MediaType.APPLICATION_JSON)
    public CollectionView byDoi(@PathParam("doi") String text, @Context HttpHeaders headers, @Context UriInfo uri) {
        String doi = Dois.parse(text).orElseThrow(() -> new DicomWebException(Status.BAD_REQUEST,
                "Not a DOI: " + text + " (expected e.g. /api/dois/10.7937/VTW4-X588)"));
        return views.of(catalog.readableByDoi(doi, access.of(headers)), uri);
    }
}
