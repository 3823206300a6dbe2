package io.tessera.collections;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.ClientProxy;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.storage.BlobStore;
import io.tessera.storage.S3BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /api/collections/{slug}/manifest} (and, through DoiResource, {@code /api/dois/{prefix}/{suffix}/manifest}):
 * every stored
 * instance of the selection with its download URL, size and SHA-256, streamed ({@code format}, {@code label},
 * {@code modality}, {@code clinical.<column>}; docs/downloads.md, docs/clinical.md), of the latest published version
 * unless {@code version} names another or {@code current} (docs/versions.md). {@code presigned=true} makes the URLs
 * presigned GETs on the S3 object store (docs/object-storage.md).
 */
@Path("/api/collections/{slug}/manifest")
@ApplicationScoped
public class ManifestResource {
    private final CollectionCatalog catalog;
    private final DownloadIndex index;
    private final ObjectMapper json;
    private final BlobStore store;
    private final ClinicalFilters clinicalFilters;
    private final CollectionVersions versions;

    ManifestResource(CollectionCatalog catalog, DownloadIndex index, ObjectMapper json,
                     BlobStore store, ClinicalFilters clinicalFilters, CollectionVersions versions) {
        this.versions = versions;
        this.catalog = catalog;
        this.index = index;
        this.json = json;
        this.store = store;
        this.clinicalFilters = clinicalFilters;
    }

    @GET
    public Response byCollection(@PathParam("slug") String slug, @QueryParam("format") String format,
                                 @QueryParam("label") String label, @QueryParam("modality") String modality,
                                 @QueryParam("version") String version, @QueryParam("presigned") String presigned,
                                 @Context UriInfo uri) {
        return manifest(catalog.readable(slug), format, label, modality, version, presigned, uri);
    }

    /** The manifest of {@code collection}, already checked readable (also what DoiResource answers with). */
    Response manifest(CollectionEntity collection, String formatName, String label, String modality,
                      String versionNumber, String presigned, UriInfo uri) {
        ManifestFormat format = ManifestFormat.of(formatName);
        CollectionVersionEntity version = versions.select(collection, versionNumber);
        DownloadSelection selection = DownloadSelection.of(collection, null, null, label, modality).in(version)
                .withClinical(clinicalFilters.prefixed(collection, version, uri.getQueryParameters()));
        String baseUrl = BaseUrl.of(uri);
        ManifestWriter writer = new ManifestWriter(json, index, baseUrl,
                itemUrls(presigned, format, baseUrl, selection));
        StreamingOutput body = out -> writer.write(format, selection, out);
        return Response.ok(body, format.mediaType)
                .header("Content-Disposition",
                        "inline; filename=\"" + collection.slug + (version == null ? "" : "-v" + version.number)
                                + "-manifest." + format.extension + "\"")
                .build();
    }

    /**
     * The server's file URLs, or with {@code presigned=true} presigned GETs on the S3 object store, so that bulk
     * downloads go straight to the store. They are bearer capabilities until they expire, handed only to callers
     * who may read the collection (the manifest itself is 404 to others). The filesystem store has no such URLs:
     * 400 rather than quietly serving URLs the client did not ask for.
     */
    private ManifestWriter.ItemUrl itemUrls(String presigned, ManifestFormat format, String baseUrl,
                                            DownloadSelection selection) {
        if (presigned == null || presigned.equals("false")) {
            return item -> ManifestWriter.serverUrl(baseUrl, selection, item);
        }
        if (!presigned.equals("true")) {
            throw new DicomWebException(Status.BAD_REQUEST, "presigned must be true or false");
        }
        if (!(ClientProxy.unwrap(store) instanceof S3BlobStore s3)) {
            throw new DicomWebException(Status.BAD_REQUEST, "presigned=true needs the S3 object store; this server"
                    + " keeps its objects on its file system: leave presigned out and use the server's URLs");
        }
        if (format == ManifestFormat.TCIA) {
            throw new DicomWebException(Status.BAD_REQUEST, "presigned=true applies to the json, csv and s5cmd"
                    + " manifests; the tcia manifest lists series, not URLs");
        }
        return item -> s3.presignedGetUrl(item.objectKey()).toString();
    }
}
