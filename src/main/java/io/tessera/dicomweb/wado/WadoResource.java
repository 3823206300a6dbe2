package io.tessera.dicomweb.wado;

import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicomweb.Uids;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;

/**
 * WADO-RS (PS3.18 10.4) under both DICOMweb roots: instances, metadata, frames and bulk data. Resolves the
 * scope and UIDs (400 when malformed, 404 when unknown or outside the scope), then hands over. The {@code accept}
 * query parameter, when given, replaces the Accept header (PS3.18 8.3.3.1).
 */
@Path(CollectionScope.ROOT_TEMPLATE + "/studies")
public class WadoResource {
    @Inject
    WadoIndex index;
    @Inject
    InstanceRetrieval instances;
    @Inject
    MetadataRetrieval metadata;
    @Inject
    FrameRetrieval frames;
    @Inject
    BulkDataRetrieval bulkData;

    @Context
    UriInfo uriInfo;
    @Context
    HttpHeaders headers;

    @PathParam("scope")
    String scopePath;
    @QueryParam("accept")
    String acceptParameter;

    @GET
    @Path("{study}")
    public Response retrieveStudy(@PathParam("study") String study) {
        return retrieve(study, null, null);
    }

    @GET
    @Path("{study}/series/{series}")
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series) {
        return retrieve(study, series, null);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}")
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return retrieve(study, series, instance);
    }

    @GET
    @Path("{study}/metadata")
    public Response studyMetadata(@PathParam("study") String study) {
        return metadata(study, null, null);
    }

    @GET
    @Path("{study}/series/{series}/metadata")
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series) {
        return metadata(study, series, null);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/metadata")
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return metadata(study, series, instance);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/frames/{frames}")
    public Response retrieveFrames(@PathParam("study") String study, @PathParam("series") String series,
                                   @PathParam("instance") String instance, @PathParam("frames") String frameList) {
        FrameList requested = FrameList.parse(frameList);
        requireUids(study, series, instance);
        CollectionScope scope = CollectionScope.of(scopePath);
        return frames.retrieve(index.framedInstance(scope, study, series, instance), requested, accept(),
                WadoUrls.of(uriInfo, scope));
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/bulkdata/{path: .+}")
    public Response retrieveBulkData(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance, @PathParam("path") String path)
            throws IOException {
        Request request = resolve(study, series, instance);
        return bulkData.retrieve(request.instances().get(0), path, accept(),
                headers.getHeaderString("Range"), request.urls());
    }

    private Response retrieve(String study, String series, String instance) {
        Request request = resolve(study, series, instance);
        return instances.retrieve(request.instances(), accept(), request.urls());
    }

    private Response metadata(String study, String series, String instance) {
        Request request = resolve(study, series, instance);
        return metadata.retrieve(request.instances(), accept(), headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING),
                headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), request.urls());
    }

    /** The stored instances a request names, and the URLs to link them with. */
    private record Request(List<StoredInstance> instances, WadoUrls urls) {
    }

    private Request resolve(String study, String series, String instance) {
        requireUids(study, series, instance);
        CollectionScope scope = CollectionScope.of(scopePath);
        return new Request(index.instances(scope, study, series, instance), WadoUrls.of(uriInfo, scope));
    }

    private static void requireUids(String study, String series, String instance) {
        Uids.require(study, "Study Instance UID");
        if (series != null) {
            Uids.require(series, "Series Instance UID");
        }
        if (instance != null) {
            Uids.require(instance, "SOP Instance UID");
        }
    }

    private String accept() {
        return acceptParameter != null ? acceptParameter : headers.getHeaderString(HttpHeaders.ACCEPT);
    }
}
