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
 * {@code modality}; docs/downloads.md), of the latest published version unless {@code version} names another or
 * {@code current} (docs/versions.md).
 */
@Path("/api/collections/{slug}/manifest")
@ApplicationScoped
public class ManifestResource {
    private final CollectionCatalog catalog;
    private final ReadAccess access;
    private final DownloadIndex index;
    private final ObjectMapper json;
    private final CollectionVersions versions;

    ManifestResource(CollectionCatalog catalog, ReadAccess access, DownloadIndex index, ObjectMapper json,
                     CollectionVersions versions) {
        this.versions = versions;
        this.catalog = catalog;
        this.access = access;
        this.index = index;
        this.json = json;
    }

    @GET
    public Response byCollection(@PathParam("slug") String slug, @QueryParam("format") String format,
                                 @QueryParam("label") String label, @QueryParam("modality") String modality,
                                 @QueryParam("version") String version, @Context HttpHeaders headers,
                                 @Context UriInfo uri) {
        return manifest(catalog.readable(slug, access.of(headers)), format, label, modality, version, uri);
    }

    /** The manifest of {@code collection}, already checked readable (also what DoiResource answers with). */
    Response manifest(CollectionEntity collection, String formatName, String label, String modality,
                      String versionNumber, UriInfo uri) {
        ManifestFormat format = ManifestFormat.of(formatName);
        CollectionVersionEntity version = versions.select(collection, versionNumber);
        DownloadSelection selection = DownloadSelection.of(collection, null, null, label, modality).in(version);
        ManifestWriter writer = new ManifestWriter(json, index, BaseUrl.of(uri));
        StreamingOutput body = out -> writer.write(format, selection, out);
        return Response.ok(body, format.mediaType)
                .header("Content-Disposition",
                        "inline; filename=\"" + collection.slug + (version == null ? "" : "-v" + version.number)
                                + "-manifest." + format.extension + "\"")
                .build();
    }
}
