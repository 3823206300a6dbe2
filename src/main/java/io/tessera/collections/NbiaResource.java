package io.tessera.collections;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.CollectionEntity;
import io.tessera.storage.BlobStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A subset of TCIA's NBIA REST API (v4; v1 and v2 paths answer the same) so that tcia_utils and similar scripts
 * work with only the base URL changed. As NBIA v4 does, an unknown parameter is 400 naming the allowed ones.
 * See docs/downloads.md for what is and is not served.
 */
@Path("/nbia-api/services/{version: v1|v2|v4}")
public class NbiaResource {
    private static final String SERIES = "SeriesInstanceUID";

    private final NbiaQueries queries;
    private final DownloadIndex index;
    private final BlobStore store;
    private final CollectionCatalog catalog;
    private final ObjectMapper json;

    NbiaResource(NbiaQueries queries, DownloadIndex index, BlobStore store, CollectionCatalog catalog,
                 ObjectMapper json) {
        this.catalog = catalog;
        this.queries = queries;
        this.index = index;
        this.store = store;
        this.json = json;
    }

    @Context
    UriInfo uri;

    @GET
    @Path("getCollectionValues")
    public Response collections() {
        return render(queries.collections(filter()));
    }

    @GET
    @Path("getCollectionValuesAndCounts")
    public Response collectionsAndCounts() {
        return render(queries.collectionsAndCounts(filter()));
    }

    @GET
    @Path("getModalityValues")
    public Response modalities() {
        return render(queries.modalities(filter("Collection", "BodyPartExamined")));
    }

    @GET
    @Path("getBodyPartValues")
    public Response bodyParts() {
        return render(queries.bodyParts(filter("Collection", "Modality")));
    }

    @GET
    @Path("getPatient")
    public Response patients() {
        return render(queries.patients(filter("Collection", "PatientID", "PatientId")));
    }

    @GET
    @Path("NewPatientsInCollection")
    public Response newPatients() {
        NbiaQueries.Filter filter = filter("Collection", "fromDate", "Date");
        requireDate(filter);
        return render(queries.patients(filter));
    }

    @GET
    @Path("getPatientStudy")
    public Response studies() {
        return render(queries.studies(filter("Collection", "PatientID", "StudyInstanceUID")));
    }

    @GET
    @Path("getSeries")
    public Response series() {
        return render(queries.series(filter("Collection", "PatientID", "StudyInstanceUID", SERIES, "Modality",
                "BodyPartExamined", "Manufacturer")));
    }

    @GET
    @Path("getUpdatedSeries")
    public Response updatedSeries() {
        NbiaQueries.Filter filter = filter("fromDate");
        requireDate(filter);
        return render(queries.series(filter));
    }

    @GET
    @Path("getSeriesSize")
    public Response seriesSize() {
        return render(queries.seriesSize(seriesFilter()));
    }

    @GET
    @Path("getSOPInstanceUIDs")
    public Response sopInstanceUids() {
        return render(queries.sopInstanceUids(seriesFilter()));
    }

    @GET
    @Path("getSeriesMetaData")
    public Response seriesMetadata() {
        return render(queries.seriesMetadata(seriesFilter()));
    }

    @GET
    @Path("getCollectionOrSeriesForDOI")
    public Response forDoi() {
        NbiaQueries.Filter filter = filter("DOI", "CollectionOrSeries");
        return forDoi(filter.get("DOI"), filter.get("CollectionOrSeries"), filter.readable());
    }

    @POST
    @Path("getCollectionOrSeriesForDOI")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response forDoiForm(@FormParam("DOI") String doi, @FormParam("CollectionOrSeries") String what) {
        return forDoi(doi, what, readableIds());
    }

    /** The series' files as a ZIP (getDCMImage and getImageWithMD5Hash are the Data Retriever's spellings). */
    @GET
    @Path("{name: getImage|getDCMImage|getImageWithMD5Hash}")
    public Response image() throws IOException {
        NbiaQueries.Filter filter = filter(SERIES, "NewFileNames", "IncludeMD5", "IncludeAnnotation",
                "MD5Verification");
        String seriesUid = requireSeries(filter);
        boolean md5 = "yes".equalsIgnoreCase(filter.get("IncludeMD5"))
                || "true".equalsIgnoreCase(filter.get("MD5Verification"))
                || uri.getPath().endsWith("getImageWithMD5Hash");
        CollectionEntity collection = collectionOfSeries(filter);
        DownloadSelection selection = DownloadSelection.of(collection, null, seriesUid, null, null);
        NbiaSeriesZip entries = new NbiaSeriesZip(selection, index, store, LicenseText.of(collection),
                "yes".equalsIgnoreCase(filter.get("NewFileNames")), md5);
        DeterministicZip zip = DeterministicZip.standard();
        long length = zip.length(entries);
        StreamingOutput body = out -> zip.write(entries, out);
        return Response.ok(body, "application/zip")
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Content-Disposition", "attachment; filename=\"" + seriesUid + ".zip\"")
                .build();
    }

    @GET
    @Path("getSingleImage")
    public Response singleImage() {
        NbiaQueries.Filter filter = filter(SERIES, "SOPInstanceUID");
        String seriesUid = requireSeries(filter);
        String sop = filter.get("SOPInstanceUID");
        if (sop == null) {
            throw new DicomWebException(Status.BAD_REQUEST, "SOPInstanceUID is required");
        }
        Uids.require(sop, "SOP Instance UID");
        DownloadItem item = index.file(sop)
                .filter(found -> found.item().seriesUid().equals(seriesUid))
                .filter(found -> filter.readable().contains(found.collectionId()))
                .orElseThrow(() -> new DicomWebException(Status.NOT_FOUND, "No image " + sop + " in " + seriesUid))
                .item();
        StreamingOutput body = out -> {
            try (var in = store.get(item.objectKey())) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "application/dicom").header(HttpHeaders.CONTENT_LENGTH, item.size())
                .header("Content-Disposition", "attachment; filename=\"" + sop + ".dcm\"").build();
    }

    private Response forDoi(String doi, String what, List<Long> readable) {
        String parsed = Dois.parse(doi == null ? "" : doi).orElseThrow(() ->
                new DicomWebException(Status.BAD_REQUEST, "DOI is required, e.g. DOI=10.7937/VTW4-X588"));
        boolean series = "series".equalsIgnoreCase(what);
        return render(queries.forDoi(parsed, series, new NbiaQueries.Filter(Map.of(), readable)));
    }

    private CollectionEntity collectionOfSeries(NbiaQueries.Filter filter) {
        List<Object[]> rows = queries.series(filter).rows();
        if (rows.isEmpty()) {
            // NBIA answers 400 for series one may not see, too
            throw new DicomWebException(Status.NOT_FOUND, "No such series: " + filter.get(SERIES));
        }
        String slug = (String) rows.get(0)[NbiaQueries.SERIES_COLUMNS.indexOf("Collection")];
        return CollectionEntity.find("slug", slug).firstResult();
    }

    private NbiaQueries.Filter seriesFilter() {
        NbiaQueries.Filter filter = filter(SERIES);
        requireSeries(filter);
        return filter;
    }

    private static String requireSeries(NbiaQueries.Filter filter) {
        String series = filter.get(SERIES);
        if (series == null) {
            throw new DicomWebException(Status.BAD_REQUEST, SERIES + " is required");
        }
        return Uids.require(series, "Series Instance UID");
    }

    private static void requireDate(NbiaQueries.Filter filter) {
        if (NbiaQueries.fromDate(filter) == null) {
            throw new DicomWebException(Status.BAD_REQUEST, "fromDate is required (MM-DD-YYYY)");
        }
    }

    /** The request's parameters, 400 when one is not among {@code allowed} (format is always allowed). */
    private NbiaQueries.Filter filter(String... allowed) {
        TreeSet<String> names = new TreeSet<>(List.of(allowed));
        names.add("format");
        MultivaluedMap<String, String> parameters = uri.getQueryParameters();
        Map<String, String> values = new HashMap<>();
        for (String name : parameters.keySet()) {
            if (!names.contains(name)) {
                throw new DicomWebException(Status.BAD_REQUEST, "Unknown parameter " + name + "; allowed: "
                        + String.join(", ", names));
            }
            values.put(name, parameters.getFirst(name));
        }
        return new NbiaQueries.Filter(values, readableIds());
    }

    private List<Long> readableIds() {
        return catalog.allReadable().stream().map(collection -> collection.id).toList();
    }

    private Response render(NbiaTable table) {
        return table.render(uri.getQueryParameters().getFirst("format"), json);
    }
}
