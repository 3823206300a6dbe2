package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

    private final ManifestResource manifests;

    DoiResource(CollectionCatalog catalog, CollectionViews views, ManifestResource manifests) {
        this.manifests = manifests;
        this.catalog = catalog;
        this.views = views;
    }

    @GET
    @Path("{prefix}/{suffix: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public CollectionView get(@PathParam("prefix") String prefix, @PathParam("suffix") String suffix,
                              @Context UriInfo uri) {
        return byDoi(prefix + "/" + suffix, uri);
    }

    /** The collection's manifest (ManifestResource); more specific than the DOI alone, so matched first. */
    @GET
    @Path("{prefix}/{suffix}/manifest")
    public Response manifest(@PathParam("prefix") String prefix, @PathParam("suffix") String suffix,
                             @QueryParam("format") String format, @QueryParam("label") String label,
                             @QueryParam("modality") String modality, @QueryParam("version") String version,
                             @QueryParam("presigned") String presigned, @Context UriInfo uri) {
        String doi = Dois.parse(prefix + "/" + suffix).orElseThrow(() -> new DicomWebException(Status.BAD_REQUEST,
                "Not a DOI: " + prefix + "/" + suffix + " (expected e.g. /api/dois/10.7937/VTW4-X588/manifest)"));
        return manifests.manifest(catalog.readableByDoi(doi), format, label, modality,
                version, presigned, uri);
    }

    /** The DOI as one segment, its slash percent-encoded, as some clients send it. */
    @GET
    @Path("{doi}")
    @Produces(MediaType.APPLICATION_JSON)
    public CollectionView byDoi(@PathParam("doi") String text, @Context UriInfo uri) {
        String doi = Dois.parse(text).orElseThrow(() -> new DicomWebException(Status.BAD_REQUEST,
                "Not a DOI: " + text + " (expected e.g. /api/dois/10.7937/VTW4-X588)"));
        return views.of(catalog.readableByDoi(doi), uri);
    }
}
