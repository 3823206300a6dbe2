package io.tessera.dicomweb.stow;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.config.TesseraConfig;
import io.tessera.dicom.multipart.MediaType;
import io.tessera.dicom.multipart.MultipartException;
import io.tessera.dicom.multipart.MultipartRelatedReader;
import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.ingest.FailureReason;
import io.tessera.ingest.IngestService;
import io.tessera.ingest.StoreOutcome;
import io.tessera.security.audit.AuditLog;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * STOW-RS (PS3.18 10.5): {@code POST studies} and {@code POST studies/{study}} under both DICOMweb roots. The body
 * streams through part by part, each part straight into {@link IngestService}; nothing is buffered whole. Accepts
 * {@code multipart/related; type="application/dicom"} and, as Google and Microsoft do, a single
 * {@code application/dicom} body. Each part is indexed in the background while the next one is read; the answer
 * waits for all of them.
 */
@Path(CollectionScope.ROOT_TEMPLATE + "/studies")
public class StowResource {
    private static final String APPLICATION_DICOM = "application/dicom";
    private static final String SUPPORTED = "multipart/related; type=\"application/dicom\" (or a single application/dicom body)";

    private final IngestService ingest;
    private final TesseraConfig config;
    private final AuditLog audit;
    private final Duration readTimeout;

    StowResource(IngestService ingest, TesseraConfig config, AuditLog audit,
                 @ConfigProperty(name = "quarkus.http.read-timeout", defaultValue = "60s") Duration readTimeout) {
        this.ingest = ingest;
        this.config = config;
        this.audit = audit;
        this.readTimeout = readTimeout;
    }

    @POST
    public Response store(@PathParam("scope") String scope, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @Context UriInfo uri, @Context HttpServerRequest request) throws IOException {
        return storeInto(scope, null, contentType, uri, request);
    }

    @POST
    @Path("{study}")
    public Response storeIntoStudy(@PathParam("scope") String scope, @PathParam("study") String study,
                                   @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context UriInfo uri,
                                   @Context HttpServerRequest request) throws IOException {
        return storeInto(scope, Uids.require(study, "Study Instance UID"), contentType, uri, request);
    }

    /** The body is read from the Vert.x request itself, and only once the request is known good. */
    private Response storeInto(String scope, String study, String contentType, UriInfo uri, HttpServerRequest request)
            throws IOException {
        MediaType type = requestType(contentType);
        CollectionScope target = CollectionScope.forUpload(scope, config.defaultCollection());
        try (InputStream body = new RequestBodyStream(request, readTimeout)) {
            return receive(type, target, study, uri, body);
        }
    }

    private Response receive(MediaType type, CollectionScope target, String study, UriInfo uri, InputStream body)
            throws IOException {
        long collectionId = target.collectionId();
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        StowResponseBuilder response = new StowResponseBuilder(base + target.root(), study);
        IngestService.Upload upload = ingest.upload(collectionId, target.slug(), study, audit.currentActor());
        List<IngestService.Receipt> receipts = new ArrayList<>();
        String malformed = null;
        try {
            if (type.essence().equals(APPLICATION_DICOM)) {
                receipts.add(upload.receive(capped(body)));
            } else {
                try (MultipartRelatedReader parts = MultipartRelatedReader.of(body, type,
                        MultipartRelatedReader.Limits.DEFAULT)) {
                    for (MultipartRelatedReader.Part part = parts.next(); part != null; part = parts.next()) {
                        receipts.add(storePart(part, upload));
                    }
                } catch (MultipartException e) {
                    malformed = e.getMessage();
                }
            }
        } catch (InstanceSizeLimit.Exceeded e) {
            audited(target, receipts);
            audit.record(StoreOutcome.AUDIT_ACTION, target.slug(), AuditLog.FAILED, e.getMessage());
            throw new DicomWebException(Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            audited(target, receipts); // what was received before the body broke is stored
            throw e;
        }
        audited(target, receipts).forEach(response::add);
        if (malformed != null) {
            response.malformedBody(malformed);
        }
        return response.build();
    }

    private InputStream capped(InputStream instance) {
        return new InstanceSizeLimit(instance, config.ingest().maxInstanceBytes());
    }

    /**
     * Waits for the index to decide each instance. The index records its decisions in the audit log as it commits
     * them; the outcomes it did not decide are recorded here, in one transaction rather than a disk write each.
     */
    private List<StoreOutcome> audited(CollectionScope target, List<IngestService.Receipt> receipts) {
        List<StoreOutcome> outcomes = new ArrayList<>(receipts.size());
        List<StoreOutcome> unaudited = new ArrayList<>();
        for (IngestService.Receipt receipt : receipts) {
            StoreOutcome outcome = receipt.outcome();
            outcomes.add(outcome);
            if (!receipt.auditedByIndex()) {
                unaudited.add(outcome);
            }
        }
        if (!unaudited.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> unaudited.forEach(outcome -> audit.record(
                    StoreOutcome.AUDIT_ACTION, outcome.auditTarget(target.slug()),
                    outcome.isStored() ? AuditLog.OK : AuditLog.FAILED, outcome.message())));
        }
        return outcomes;
    }

    private IngestService.Receipt storePart(MultipartRelatedReader.Part part, IngestService.Upload upload)
            throws IOException {
        String partType;
        try {
            partType = part.contentType().essence();
        } catch (IllegalArgumentException e) {
            return IngestService.Receipt.of(StoreOutcome.rejectedPart(FailureReason.CANNOT_UNDERSTAND, e.getMessage()));
        }
        if (!partType.equals(APPLICATION_DICOM)) {
            return IngestService.Receipt.of(StoreOutcome.rejectedPart(FailureReason.CANNOT_UNDERSTAND,
                    "part " + part.number() + " is " + partType + "; only application/dicom parts are stored"));
        }
        return upload.receive(capped(part.body()));
    }

    /** The request's media type, refused with 415 (PS3.18 Table 10.5.3-1) unless it is one Tessera stores. */
    private static MediaType requestType(String contentType) {
        if (contentType == null) {
            throw new DicomWebException(Status.UNSUPPORTED_MEDIA_TYPE, "No Content-Type; send " + SUPPORTED);
        }
        MediaType type;
        try {
            type = MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(Status.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        }
        if (type.essence().equals(APPLICATION_DICOM)) {
            return type;
        }
        if (!type.essence().equals("multipart/related")) {
            throw new DicomWebException(Status.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + type.essence() + " is not supported; send " + SUPPORTED);
        }
        String rootType = type.parameter("type");
        // Without a type parameter each part's own Content-Type decides (RFC 2387 makes it required; clients forget).
        if (rootType != null && !essenceOf(rootType).equals(APPLICATION_DICOM)) {
            throw new DicomWebException(Status.UNSUPPORTED_MEDIA_TYPE, "multipart/related of type " + rootType
                    + " is not supported (no metadata and bulk data STOW); send " + SUPPORTED);
        }
        try {
            MultipartRelatedReader.boundaryOf(type);
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(Status.BAD_REQUEST, e.getMessage());
        }
        return type;
    }

    private static String essenceOf(String mediaType) {
        try {
            return MediaType.parse(mediaType).essence();
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(Status.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        }
    }
}
