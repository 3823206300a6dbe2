package io.tessera.collections;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /api/collections/{slug}/manifest} (and, through DoiResource, {@code /api/dois/{prefix}/{suffix}/manifest}):
 * every stored
 * instance of the selection with its download URL, size and SHA-256, streamed ({@code format}, {@code label},
 * {@code modality}, {@code clinical.<column>}; docs/downloads.md, docs/clinical.md).
 */
@Path("/api/collections/{slug}/manifest")
@ApplicationScoped
public class ManifestResource {
    private final CollectionCatalog catalog;
    private final ReadAccess access;
    private final DownloadIndex index;
    private final ObjectMapper json;
    private final ClinicalFilters clinicalFilters;

    ManifestResource(CollectionCatalog catalog, ReadAccess access, DownloadIndex index, ObjectMapper json,
                     ClinicalFilters clinicalFilters) {
        this.catalog = catalog;
        this.access = access;
        this.index = index;
        this.json = json;
        this.clinicalFilters = clinicalFilters;
    }

    @GET
    public Response byCollection(@PathParam("slug") String slug, @QueryParam("format") String format,
                                 @QueryParam("label") String label, @QueryParam("modality") String modality,
                                 @Context HttpHeaders headers, @Context UriInfo uri) {
        return manifest(catalog.readable(slug, access.of(headers)), format, label, modality, uri);
    }

    /** The manifest of {@code collection}, already checked readable (also what DoiResource answers with). */
    Response manifest(CollectionEntity collection, String formatName, String label, String modality,
                              UriInfo uri) {
        ManifestFormat format = ManifestFormat.of(formatName);
        DownloadSelection selection = DownloadSelection.of(collection, null, null, label, modality)
                .withClinical(clinicalFilters.prefixed(collection, uri.getQueryParameters()));
        ManifestWriter writer = new ManifestWriter(json, index, BaseUrl.of(uri));
        StreamingOutput body = out -> writer.write(format, selection, out);
        return Response.ok(body, format.mediaType)
                .header("Content-Disposition",
                        "inline; filename=\"" + collection.slug + "-manifest." + format.extension + "\"")
                .build();
    }
}
