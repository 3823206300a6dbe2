package io.tessera.collections;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /api/collections/{slug}/labels}: import label rows (admin; CSV or JSON, all or nothing; in a de-identifying
 * collection {@code ?uids=original|stored|auto} says which UIDs the rows name, see {@link LabelUids}) and list them
 * (JSON, or CSV with {@code ?format=csv}; {@code ?label=NAME} keeps one label).
 */
@Path("/api/collections/{slug}/labels")
public class LabelResource {
    private static final String CSV = "text/csv";

    private final CollectionCatalog catalog;
    private final LabelImporter importer;
    private final LabelRepository labels;
    private final LabelUids labelUids;

    LabelResource(CollectionCatalog catalog, LabelImporter importer, LabelRepository labels,
                  LabelUids labelUids) {
        this.catalog = catalog;
        this.importer = importer;
        this.labels = labels;
        this.labelUids = labelUids;
    }

    @POST
    @Consumes({CSV, "application/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public LabelImporter.Result importCsv(@PathParam("slug") String slug, @QueryParam("uids") String uids,
                                          InputStream body) throws IOException {
        LabelUids.Form form = LabelUids.form(uids);
        CollectionEntity collection = catalog.readable(slug);
        // RFC 4180 leaves the charset to the media type; UTF-8 is what spreadsheets and scripts write today.
        List<LabelRow> rows = LabelRows.fromCsv(new InputStreamReader(body, StandardCharsets.UTF_8));
        return importer.importRows(collection.id, labelUids.asStored(collection, rows, form));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public LabelImporter.Result importJson(@PathParam("slug") String slug, @QueryParam("uids") String uids,
                                           JsonNode body) {
        LabelUids.Form form = LabelUids.form(uids);
        CollectionEntity collection = catalog.readable(slug);
        return importer.importRows(collection.id, labelUids.asStored(collection, LabelRows.fromJson(body), form));
    }

    @GET
    public Response list(@PathParam("slug") String slug, @QueryParam("label") String label,
                         @QueryParam("format") String format) {
        CollectionEntity collection = catalog.readable(slug);
        List<LabelRow> rows = labels.inCollection(collection.id, label == null || label.isBlank() ? null : label)
                .stream().map(LabelRow::of).toList();
        if (format == null || format.equalsIgnoreCase("json")) {
            return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (!format.equalsIgnoreCase("csv")) {
            throw new DicomWebException(Status.BAD_REQUEST, "Unknown format '" + format + "'; use json or csv");
        }
        StringBuilder csv = new StringBuilder();
        Csv.writeRecord(csv, LabelRow.COLUMNS);
        rows.forEach(row -> Csv.writeRecord(csv, row.level(), row.uid(), row.label(), row.value(), row.reader()));
        return Response.ok(csv.toString(), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "inline; filename=\"" + slug + "-labels.csv\"")
                .build();
    }
}
