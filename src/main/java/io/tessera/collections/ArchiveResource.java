package io.tessera.collections;

import io.tessera.dicomweb.ByteRangeRequest;
import io.tessera.config.TesseraConfig;
import io.tessera.index.CollectionEntity;
import io.tessera.storage.BlobStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;

/**
 * {@code archive.zip} of a collection, one of its studies or one of its series ({@code label=}, {@code modality=},
 * {@code clinical.<column>} filters), with the clinical rows of the patients it holds:
 * a deterministic ZIP (docs/downloads.md), so it has a Content-Length and a strong ETag before it is streamed, and
 * serves one HTTP byte range to resume an interrupted download. Of the latest published version unless
 * {@code version} names another or {@code current} (docs/versions.md).
 */
@Path("/api/collections/{slug}")
public class ArchiveResource {
    private final CollectionCatalog catalog;
    private final DownloadIndex index;
    private final BlobStore store;
    private final CitationWriter citations;
    private final TesseraConfig config;
    private final ClinicalFilters clinicalFilters;
    private final ClinicalStore clinical;
    private final CollectionVersions versions;

    ArchiveResource(CollectionCatalog catalog, DownloadIndex index, BlobStore store,
                    CitationWriter citations, TesseraConfig config, ClinicalFilters clinicalFilters,
                    ClinicalStore clinical, CollectionVersions versions) {
        this.versions = versions;
        this.catalog = catalog;
        this.index = index;
        this.store = store;
        this.citations = citations;
        this.config = config;
        this.clinicalFilters = clinicalFilters;
        this.clinical = clinical;
    }

    @GET
    @Path("archive.zip")
    public Response collection(@PathParam("slug") String slug, @QueryParam("label") String label,
                               @QueryParam("modality") String modality, @QueryParam("version") String version,
                               @Context HttpHeaders headers, @Context UriInfo uri) throws IOException {
        return archive(slug, null, null, new Filters(label, modality, version), headers, uri, slug);
    }

    @GET
    @Path("studies/{study}/archive.zip")
    public Response study(@PathParam("slug") String slug, @PathParam("study") String study,
                          @QueryParam("label") String label, @QueryParam("modality") String modality,
                          @QueryParam("version") String version, @Context HttpHeaders headers,
                          @Context UriInfo uri) throws IOException {
        return archive(slug, study, null, new Filters(label, modality, version), headers, uri, slug + "-" + study);
    }

    @GET
    @Path("series/{series}/archive.zip")
    public Response series(@PathParam("slug") String slug, @PathParam("series") String series,
                           @QueryParam("label") String label, @QueryParam("modality") String modality,
                           @QueryParam("version") String version, @Context HttpHeaders headers,
                           @Context UriInfo uri) throws IOException {
        return archive(slug, null, series, new Filters(label, modality, version), headers, uri,
                slug + "-" + series);
    }

    /** The query parameters every archive takes. */
    private record Filters(String label, String modality, String version) {
    }

    private Response archive(String slug, String study, String series, Filters filters, HttpHeaders headers,
                             UriInfo uri, String fileName) throws IOException {
        CollectionEntity collection = catalog.readable(slug);
        CollectionVersionEntity version = versions.select(collection, filters.version());
        DownloadSelection selection = DownloadSelection.of(collection, study, series, filters.label(),
                filters.modality()).in(version)
                .withClinical(clinicalFilters.prefixed(collection, version, uri.getQueryParameters()));
        // A version's archive keeps the LICENSE and CITATION it was published with, and the rows of its clinical
        // snapshot (docs/versions.md).
        String clinicalCsv = ClinicalStore.Ref.of(collection, version)
                .flatMap(table -> clinical.csv(table, index.clinicalRowsOf(selection))).orElse(null);
        ArchiveEntries entries = version != null
                ? new ArchiveEntries(selection, index, store, version.licenseText, version.citationBibtex, clinicalCsv)
                : new ArchiveEntries(selection, index, store, LicenseText.of(collection), citations.write(
                        CitationFormat.BIBTEX,
                        CitationWriter.Cited.of(collection, config.collections().publisher(), uri.getBaseUri())),
                        clinicalCsv);
        DeterministicZip zip = DeterministicZip.standard();
        ArchiveEntries.Plan plan = entries.plan(zip);

        String ifNoneMatch = headers.getHeaderString("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(plan.etag()))) {
            return Response.notModified().header(HttpHeaders.ETAG, plan.etag()).build();
        }
        ByteRangeRequest part = ByteRangeRequest.select(headers.getHeaderString("Range"),
                headers.getHeaderString("If-Range"), plan.etag(), plan.length());
        long from = part == null ? 0 : part.first();
        long to = part == null ? plan.length() : part.end();
        StreamingOutput body = out -> zip.write(entries, from, to, out);
        Response.ResponseBuilder response = Response.status(part == null ? 200 : 206).entity(body)
                .type("application/zip")
                .header(HttpHeaders.CONTENT_LENGTH, to - from)
                .header(HttpHeaders.ETAG, plan.etag())
                .header("Accept-Ranges", "bytes")
                .header("Content-Disposition", "attachment; filename=\"" + fileName
                        + (version == null ? "" : "-v" + version.number) + ".zip\"");
        if (part != null) {
            response.header("Content-Range", part.contentRange(plan.length()));
        }
        return response.build();
    }
}
