package io.tessera.dicomweb.qido;

import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.qido.QidoRepository;
import io.tessera.index.qido.QidoRows;
import io.tessera.index.qido.QueryLevel;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * QIDO-RS (PS3.18 10.6): the six search resources under both DICOMweb roots. Answers from the index alone.
 * <p>
 * An empty result is 200 with {@code []} rather than 204: both are allowed, and a body is what generic HTTP
 * clients and OHIF handle most simply. Results are DICOM JSON only; a request accepting nothing but
 * multipart/related; type="application/dicom+xml" is answered 406.
 */
@Path(CollectionScope.ROOT_TEMPLATE)
public class QidoResource {
    private static final Logger LOG = Logger.getLogger(QidoResource.class);
    static final String DICOM_JSON = "application/dicom+json";
    private static final String WARNING = "Warning";
    /** PS3.18 8.3.4.4 and 10.6.3: the limit asked for was above what the server returns at once. */
    private static final String LIMIT_CUT = "299 tessera \"The number of results exceeded the maximum supported"
            + " by the server. Additional results can be requested.\"";
    private static final String MORE_RESULTS = "299 tessera \"There are additional results that can be requested.\"";

    @Inject
    QidoRequestParser parser;

    @Inject
    QidoRepository repository;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    @GET
    @Path("studies")
    public Response searchStudies(@PathParam("scope") String scope) {
        return search(scope, QueryLevel.STUDY, null, null);
    }

    @GET
    @Path("studies/{study}/series")
    public Response searchStudySeries(@PathParam("scope") String scope, @PathParam("study") String study) {
        return search(scope, QueryLevel.SERIES, study, null);
    }

    @GET
    @Path("series")
    public Response searchSeries(@PathParam("scope") String scope) {
        return search(scope, QueryLevel.SERIES, null, null);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances")
    public Response searchSeriesInstances(@PathParam("scope") String scope, @PathParam("study") String study,
                                          @PathParam("series") String series) {
        return search(scope, QueryLevel.INSTANCE, study, series);
    }

    @GET
    @Path("studies/{study}/instances")
    public Response searchStudyInstances(@PathParam("scope") String scope, @PathParam("study") String study) {
        return search(scope, QueryLevel.INSTANCE, study, null);
    }

    @GET
    @Path("instances")
    public Response searchInstances(@PathParam("scope") String scope) {
        return search(scope, QueryLevel.INSTANCE, null, null);
    }

    private Response search(String scopePath, QueryLevel level, String study, String series) {
        MediaType responseType = ResultMediaType.negotiate(headers.getAcceptableMediaTypes());
        CollectionScope scope = CollectionScope.of(scopePath);
        QidoRequest request = parser.parse(level, scope.collectionIds(), study, series, uriInfo.getQueryParameters());
        String serviceRoot = stripTrailingSlash(uriInfo.getBaseUri().toString()) + scope.root();
        QidoResultWriter writer = new QidoResultWriter(level, request.returnAttributes(), serviceRoot);

        QidoRows rows = open(request);
        StreamingOutput body = out -> {
            try (rows) {
                writer.write(rows, out);
            } catch (SQLException failure) {
                // Headers are gone already; the client sees a truncated body.
                LOG.error("QIDO-RS result stream failed", failure);
                throw new IllegalStateException(failure);
            }
        };
        Response.ResponseBuilder response = Response.ok(body, responseType);
        if (request.limitCut()) {
            response.header(WARNING, LIMIT_CUT);
        } else if (rows.hasMore()) {
            response.header(WARNING, MORE_RESULTS);
        }
        if (!request.unusedKeys().isEmpty()) {
            response.header(WARNING, unusedKeysWarning(level, request.unusedKeys()));
        }
        return response.build();
    }

    private QidoRows open(QidoRequest request) {
        try {
            return repository.search(request.query());
        } catch (SQLException failure) {
            LOG.error("QIDO-RS search failed", failure);
            throw new DicomWebException(Status.SERVICE_UNAVAILABLE, "The index could not be searched");
        }
    }

    private static String unusedKeysWarning(QueryLevel level, List<String> keys) {
        return "299 tessera \"These attributes are not matching keys at the " + level.name().toLowerCase()
                + " level and were ignored: " + String.join(", ", keys) + "\"";
    }

    private static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
