package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.ClinicalColumnType;
import io.tessera.index.ClinicalCondition;
import io.tessera.index.ClinicalFilter;
import io.tessera.index.CollectionEntity;
import io.tessera.ingest.CollectionDeidentification;
import io.tessera.security.audit.AuditLog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/collections/{slug}/clinical}: import a collection's clinical table (admin; CSV or XLSX; replaces the
 * table whole) and read it, filtered ({@code age>=60}, {@code RT-PCR=positive}; docs/clinical.md), as JSON or CSV:
 * today's table, or with {@code version=N} the one version N was published with (docs/versions.md).
 */
@Path("/api/collections/{slug}/clinical")
public class ClinicalResource {
    private static final String CSV = "text/csv";
    private static final String FORMAT = "format";
    private static final String VERSION = "version";

    private final CollectionCatalog catalog;
    private final ClinicalStore store;
    private final ClinicalFilters filters;
    private final CollectionDeidentification deidentification;
    private final AuditLog audit;
    private final CollectionVersions versions;

    ClinicalResource(CollectionCatalog catalog, ClinicalStore store, ClinicalFilters filters,
                     CollectionDeidentification deidentification, AuditLog audit, CollectionVersions versions) {
        this.catalog = catalog;
        this.store = store;
        this.filters = filters;
        this.deidentification = deidentification;
        this.audit = audit;
        this.versions = versions;
    }

    /** What an import did: the table as stored, the columns left out (de-identification) and whether it changed. */
    public record ImportResult(String collection, String level, int rows, List<Map<String, String>> columns,
                               List<ClinicalImport.Dropped> dropped, boolean changed) {
    }

    @PUT
    @Consumes({CSV, "application/csv", MediaType.TEXT_PLAIN, ClinicalSheet.XLSX})
    @Produces(MediaType.APPLICATION_JSON)
    public ImportResult importTable(@PathParam("slug") String slug, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        CollectionEntity collection = catalog.readable(slug);
        byte[] bytes = body.readAllBytes(); // bounded by tessera.api.max-body-bytes (413)
        boolean xlsx = headers.getMediaType() != null
                && headers.getMediaType().isCompatible(MediaType.valueOf(ClinicalSheet.XLSX));
        ClinicalSheet sheet = xlsx ? ClinicalSheet.fromXlsx(bytes) : ClinicalSheet.fromCsv(bytes);
        ClinicalImport.Result result = ClinicalImport.of(sheet, deidentification.contextOf(collection));
        ClinicalTable table = result.table();
        boolean changed = store.replace(collection.id, table);
        audit.record("clinical.import", "collection:" + collection.id, AuditLog.OK,
                table.rows().size() + " rows, " + table.columns().size() + " columns, "
                        + (changed ? "replaced" : "unchanged"));
        List<Map<String, String>> columns = table.columns().stream()
                .map(c -> Map.of("name", c.name(), "type", c.type().label())).toList();
        return new ImportResult(slug, table.level().label(), table.rows().size(), columns, result.dropped(), changed);
    }

    @GET
    public Response table(@PathParam("slug") String slug, @QueryParam(FORMAT) String format,
                          @QueryParam(VERSION) String versionNumber, @Context HttpHeaders headers,
                          @Context UriInfo uri) {
        CollectionEntity collection = catalog.readable(slug);
        boolean csv = csv(format, headers);
        CollectionVersionEntity version = versionNumber == null ? null : versions.select(collection, versionNumber);
        ClinicalStore.Ref ref = ClinicalStore.Ref.of(collection, version).orElseThrow(() -> noTable(slug, version));
        ClinicalStore.Stored stored = store.table(ref).orElseThrow(() -> noTable(slug, version));
        List<ClinicalFilter.Typed> typed = filters.all(collection, version, uri.getQueryParameters(),
                Set.of(FORMAT, VERSION));
        List<ClinicalTable.Row> rows = store.rows(ref, stored.columns().size(),
                ClinicalCondition.rowMatches(ref.tables(), "cr", typed));
        String name = slug + (version == null ? "" : "-v" + version.number);
        if (csv) {
            return Response.ok(ClinicalTable.csv(stored.level(), stored.columns(), rows), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "inline; filename=\"" + name + "-clinical.csv\"")
                    .build();
        }
        return Response.ok(json(slug, version, stored, rows, store.categoryCounts(ref)),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static DicomWebException noTable(String slug, CollectionVersionEntity version) {
        return new DicomWebException(Status.NOT_FOUND, version == null
                ? "The collection " + slug + " has no clinical table"
                : "Version " + version.number + " of " + slug + " was published without a clinical table");
    }

    /** {@code ?format=csv|json} decides; without it, an Accept header that prefers text/csv to JSON. */
    private static boolean csv(String format, HttpHeaders headers) {
        if (format != null) {
            if (format.equalsIgnoreCase("csv")) {
                return true;
            }
            if (format.equalsIgnoreCase("json")) {
                return false;
            }
            throw new DicomWebException(Status.BAD_REQUEST, "Unknown format '" + format + "'; use json or csv");
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.valueOf(CSV)) && !accepted.isWildcardType()) {
                return true;
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private static Map<String, Object> json(String slug, CollectionVersionEntity version, ClinicalStore.Stored stored,
                                            List<ClinicalTable.Row> rows, Map<Integer, Map<String, Long>> categories) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (int c = 0; c < stored.columns().size(); c++) {
            ClinicalTable.Column column = stored.columns().get(c);
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("name", column.name());
            described.put("type", column.type().label());
            if (column.type() == ClinicalColumnType.CATEGORY) {
                described.put("values", categories.getOrDefault(c, Map.of()));
            }
            columns.add(described);
        }
        List<Map<String, Object>> jsonRows = new ArrayList<>();
        for (ClinicalTable.Row row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put(ClinicalTable.PATIENT_ID, row.patientId());
            if (stored.level() == ClinicalTable.Level.STUDY) {
                object.put(ClinicalTable.STUDY_INSTANCE_UID, row.studyUid());
            }
            for (int c = 0; c < stored.columns().size(); c++) {
                String value = row.values().get(c);
                boolean number = value != null && stored.columns().get(c).type() == ClinicalColumnType.NUMBER;
                object.put(stored.columns().get(c).name(), number ? new BigDecimal(value) : value);
            }
            jsonRows.add(object);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("collection", slug);
        if (version != null) {
            table.put("version", version.number);
        }
        table.put("level", stored.level().label());
        table.put("imported", stored.importedAt().toString());
        table.put("sha256", stored.sha256());
        table.put("key", ClinicalTable.header(stored.level(), List.of()));
        table.put("columns", columns);
        table.put("total", stored.rowCount());
        table.put("count", jsonRows.size());
        table.put("rows", jsonRows);
        return table;
    }
}
