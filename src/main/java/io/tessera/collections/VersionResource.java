package io.tessera.collections;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.CollectionEntity;
import io.tessera.storage.BlobStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A collection's published versions (docs/versions.md): publish the current content as the next one (admin; the
 * token filter guards POST), list them with what each added, changed and removed, show one with the UIDs, serve the
 * files a version's manifest lists, and withdraw instances from every version (admin).
 */
@Path("/api/collections/{slug}")
public class VersionResource {
    private final CollectionCatalog catalog;
    private final CollectionVersions versions;
    private final ContentRemoval removal;
    private final DownloadIndex index;
    private final BlobStore store;
    private final ClinicalStore clinical;

    VersionResource(CollectionCatalog catalog, CollectionVersions versions, ContentRemoval removal,
                    DownloadIndex index, BlobStore store, ClinicalStore clinical) {
        this.catalog = catalog;
        this.versions = versions;
        this.removal = removal;
        this.index = index;
        this.store = store;
        this.clinical = clinical;
    }

    /** Counts, or at one version's own URL also the UIDs, of the studies, series and instances of one change. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(long studies, long series, long instances, List<String> studyUIDs, List<String> seriesUIDs,
                         List<String> sopInstanceUIDs) {
    }

    /** What changed from the previous version. */
    public record Changes(Change added, Change changed, Change removed) {
    }

    /**
     * The clinical table the version was published with: whether it differs from the previous version's (for
     * version 1: whether there is one), and, when there is one, its level, rows and SHA-256.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClinicalVersion(boolean changed, String level, Integer rows, String sha256) {
    }

    /** A version as the API shows it; {@code withdrawals} only at its own URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(int number, OffsetDateTime published, String doi, String releaseNotes,
                              CollectionVersions.Contents contents, Changes changes, ClinicalVersion clinical,
                              List<CollectionVersions.Withdrawal> withdrawals, Links links) {
    }

    /** Where the version's manifest, archive and (when it has one) clinical table are. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Links(String self, String manifest, String archive, String clinical) {
    }

    /** The body of a withdrawal: study, series or SOP Instance UIDs, and why. */
    public record WithdrawalRequest(List<String> uids, String note) {
    }

    @POST
    @Path("versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("slug") String slug, CollectionVersions.PublishRequest request,
                            @Context UriInfo uri) {
        catalog.readable(slug);
        CollectionVersionEntity version = versions.publish(slug, request, uri.getBaseUri());
        VersionView view = view(version, uri, false);
        return Response.created(URI.create(view.links().self())).entity(view).build();
    }

    @GET
    @Path("versions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<VersionView> list(@PathParam("slug") String slug, @Context UriInfo uri) {
        CollectionEntity collection = catalog.readable(slug);
        return versions.all(collection).stream().map(version -> view(version, uri, false)).toList();
    }

    @GET
    @Path("versions/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    public VersionView get(@PathParam("slug") String slug, @PathParam("number") String number, @Context UriInfo uri) {
        CollectionEntity collection = catalog.readable(slug);
        return view(versions.require(collection, number), uri, true);
    }

    /** A file of the version, as its manifest lists it; 410 with the note once it was withdrawn. */
    @GET
    @Path("versions/{number}/instances/{sop}/file")
    public Response file(@PathParam("slug") String slug, @PathParam("number") String number,
                         @PathParam("sop") String sop, @HeaderParam("Range") String range,
                         @HeaderParam("If-Range") String ifRange) throws IOException {
        CollectionEntity collection = catalog.readable(slug);
        CollectionVersionEntity version = versions.require(collection, number);
        Uids.require(sop, "SOP Instance UID");
        DownloadIndex.VersionItem found = index.fileInVersion(version, sop).orElseThrow(() -> new DicomWebException(
                Status.NOT_FOUND, "Version " + version.number + " of " + slug + " holds no instance " + sop));
        if (found.withdrawn()) {
            throw new DicomWebException(Status.GONE, "Instance " + sop + " was withdrawn on " + found.withdrawnAt()
                    + ": " + found.note());
        }
        return InstanceFileResource.serve(found.item(), range, ifRange, store);
    }

    @POST
    @Path("withdrawals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ContentRemoval.Withdrawn withdraw(@PathParam("slug") String slug, WithdrawalRequest request) {
        CollectionEntity collection = catalog.readable(slug);
        if (request == null || request.uids() == null || request.uids().isEmpty()) {
            throw new DicomWebException(Status.BAD_REQUEST, "A withdrawal needs {\"uids\": [...], \"note\": \"...\"}"
                    + " naming studies, series or instances");
        }
        for (String uid : request.uids()) {
            Uids.require(uid, "UID");
        }
        return removal.withdraw(collection, request.uids(), request.note());
    }

    private VersionView view(CollectionVersionEntity version, UriInfo uri, boolean detailed) {
        String api = BaseUrl.of(uri) + "/api/collections/" + version.collection.slug;
        String self = api + "/versions/" + version.number;
        ClinicalStore.Stored table = ClinicalStore.Ref.of(version.collection, version).flatMap(clinical::table)
                .orElse(null);
        ClinicalVersion clinicalVersion = table == null
                ? new ClinicalVersion(versions.clinicalChanged(version), null, null, null)
                : new ClinicalVersion(versions.clinicalChanged(version),
                        table.level().label(), table.rowCount(), table.sha256());
        Links links = new Links(self, api + "/manifest?version=" + version.number,
                api + "/archive.zip?version=" + version.number,
                table == null ? null : api + "/clinical?version=" + version.number);
        Changes changes = new Changes(change(version, CollectionVersions.Change.ADDED, detailed),
                change(version, CollectionVersions.Change.CHANGED, detailed),
                change(version, CollectionVersions.Change.REMOVED, detailed));
        return new VersionView(version.number, version.publishedAt, version.doi, version.releaseNotes,
                versions.contents(version), changes, clinicalVersion, detailed ? versions.withdrawals(version) : null,
                links);
    }

    private Change change(CollectionVersionEntity version, CollectionVersions.Change change, boolean detailed) {
        if (!detailed) {
            return new Change(versions.count(version, CollectionVersions.Level.STUDY, change),
                    versions.count(version, CollectionVersions.Level.SERIES, change),
                    versions.count(version, CollectionVersions.Level.INSTANCE, change), null, null, null);
        }
        List<String> studies = versions.changed(version, CollectionVersions.Level.STUDY, change);
        List<String> series = versions.changed(version, CollectionVersions.Level.SERIES, change);
        List<String> instances = versions.changed(version, CollectionVersions.Level.INSTANCE, change);
        return new Change(studies.size(), series.size(), instances.size(), studies, series, instances);
    }
}
