package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The index queries behind the NBIA API subset, with TCIA's column names. Only STORED instances count, and only
 * collections the caller may read. NBIA's "Collection" is our slug; as a filter
 * the collection's title (TCIA's name, e.g. MIDRC-RICORD-1A) is accepted too.
 */
@ApplicationScoped
public class NbiaQueries {
    private static final String FROM = """
             FROM instance i JOIN series se ON se.id = i.series_id JOIN study st ON st.id = se.study_id
             JOIN collection c ON c.id = st.collection_id
            WHERE i.status = 'STORED'""";
    /**
     * FROM for the date-based calls: each instance with when it was released. In a collection that publishes
     * versions that is when the version holding its current content was published (unpublished content is not
     * released yet); in one that does not, when it was stored. docs/versions.md.
     */
    private static final String RELEASED_FROM = FROM.replace("\nWHERE ", "\n" + """
             LEFT JOIN (SELECT collection_id FROM collection_version GROUP BY collection_id) versioned
                  ON versioned.collection_id = c.id
             LEFT JOIN version_instance vr ON vr.collection_id = c.id AND vr.end_version IS NULL
                  AND vr.withdrawal_id IS NULL AND vr.sop_instance_uid = i.sop_instance_uid
                  AND vr.object_key = i.object_key
             LEFT JOIN collection_version vp ON vp.collection_id = vr.collection_id AND vp.number = vr.first_version
            WHERE\s""");
    private static final String RELEASED =
            "CASE WHEN versioned.collection_id IS NULL THEN i.created_at ELSE vp.published_at END";
    /** Not a request parameter: how the DOI lookup filters (resources accept only parameters they name). */
    private static final String DOI_KEY = "doi_key";
    /** Request parameters that filter, and the column each compares with. */
    private static final Map<String, String> FILTERS = Map.of(
            "PatientID", "st.patient_id",
            "PatientId", "st.patient_id",
            "StudyInstanceUID", "st.study_instance_uid",
            "SeriesInstanceUID", "se.series_instance_uid",
            "SOPInstanceUID", "i.sop_instance_uid",
            "Modality", "se.modality",
            "BodyPartExamined", "se.body_part_examined",
            "Manufacturer", "se.manufacturer",
            DOI_KEY, "c.doi_key");
    static final List<String> SERIES_COLUMNS = List.of("SeriesInstanceUID", "StudyInstanceUID", "Modality",
            "SeriesDate", "SeriesDescription", "BodyPartExamined", "SeriesNumber", "Collection", "PatientID",
            "PatientSex", "Manufacturer", "ImageCount", "MaxSubmissionTimestamp", "LicenseName", "LicenseURI",
            "DataDescriptionURI", "FileSize", "DateReleased", "StudyDesc", "StudyDate");
    private static final String SERIES_SELECT = """
            SELECT se.series_instance_uid, st.study_instance_uid, se.modality, se.series_date, se.series_description,
                   se.body_part_examined, se.series_number, c.slug, st.patient_id, st.patient_sex, se.manufacturer,
                   COUNT(*), MAX(i.created_at), c.license_name, c.license_url, c.doi, SUM(i.size_bytes),
                   MAX(i.created_at), st.study_description, st.study_date""";
    // The leading space keeps "?GROUP" from forming after a bound parameter (a text block strips it).
    private static final String SERIES_GROUP = " " + """
            GROUP BY se.series_instance_uid, st.study_instance_uid, se.modality, se.series_date,
                   se.series_description, se.body_part_examined, se.series_number, c.slug, st.patient_id,
                   st.patient_sex, se.manufacturer, c.license_name, c.license_url, c.doi, st.study_description,
                   st.study_date""";

    private final DataSource dataSource;

    NbiaQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The parameters of one request and the ids of the collections its caller may read. */
    record Filter(Map<String, String> parameters, List<Long> readable) {
        String get(String name) {
            String value = parameters.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    NbiaTable collections(Filter filter) {
        return table(List.of("Collection"), "SELECT DISTINCT c.slug" + FROM, filter, " ORDER BY c.slug");
    }

    NbiaTable collectionsAndCounts(Filter filter) {
        return table(List.of("Collection", "Count"), "SELECT c.slug, COUNT(DISTINCT st.patient_id)" + FROM,
                filter, " GROUP BY c.slug ORDER BY c.slug");
    }

    NbiaTable modalities(Filter filter) {
        return table(List.of("Modality"), "SELECT DISTINCT se.modality" + FROM + " AND se.modality IS NOT NULL",
                filter, " ORDER BY se.modality");
    }

    NbiaTable bodyParts(Filter filter) {
        return table(List.of("BodyPartExamined"),
                "SELECT DISTINCT se.body_part_examined" + FROM + " AND se.body_part_examined IS NOT NULL", filter,
                " ORDER BY se.body_part_examined");
    }

    NbiaTable patients(Filter filter) {
        return table(List.of("PatientId", "PatientName", "PatientSex", "Collection"),
                "SELECT st.patient_id, MAX(st.patient_name), MAX(st.patient_sex), c.slug" + from(filter), filter,
                " GROUP BY st.patient_id, c.slug" + having(filter, "MIN") + " ORDER BY c.slug, st.patient_id");
    }

    NbiaTable studies(Filter filter) {
        return table(List.of("StudyInstanceUID", "StudyDate", "StudyDescription", "StudyID", "PatientID",
                        "PatientName", "PatientSex", "Collection", "SeriesCount"),
                "SELECT st.study_instance_uid, st.study_date, st.study_description, st.study_id, st.patient_id,"
                        + " st.patient_name, st.patient_sex, c.slug, COUNT(DISTINCT se.id)" + FROM, filter,
                " GROUP BY st.study_instance_uid, st.study_date, st.study_description, st.study_id, st.patient_id,"
                        + " st.patient_name, st.patient_sex, c.slug ORDER BY st.patient_id, st.study_instance_uid");
    }

    /** Series with counts and sizes; with fromDate, those that received instances since. */
    NbiaTable series(Filter filter) {
        NbiaTable table = table(SERIES_COLUMNS, SERIES_SELECT + from(filter), filter, SERIES_GROUP + having(filter, "MAX")
                + " ORDER BY st.patient_id, st.study_instance_uid, se.series_number, se.series_instance_uid");
        int doi = SERIES_COLUMNS.indexOf("DataDescriptionURI");
        for (Object[] row : table.rows()) {
            row[doi] = row[doi] == null ? null : Dois.resolverUrl((String) row[doi]);
        }
        return table;
    }

    NbiaTable seriesSize(Filter filter) {
        return table(List.of("TotalSizeInBytes", "ObjectCount"),
                "SELECT COALESCE(SUM(i.size_bytes), 0), COUNT(*)" + FROM, filter, "");
    }

    NbiaTable sopInstanceUids(Filter filter) {
        return table(List.of("SOPInstanceUID"), "SELECT i.sop_instance_uid" + FROM, filter,
                " ORDER BY i.instance_number, i.sop_instance_uid");
    }

    /** The NBIA Data Retriever's per-series metadata, with its spelled-out column names. */
    NbiaTable seriesMetadata(Filter filter) {
        NbiaTable series = series(filter);
        List<String> columns = List.of("Series UID", "Collection", "Data Description URI", "Subject ID",
                "Study UID", "Study Description", "Study Date", "Series Description", "Manufacturer", "Modality",
                "Number of Images", "File Size", "Series Number", "License Name", "License URL", "Date Released",
                "Series Date", "Body Part Examined");
        List<String> from = List.of("SeriesInstanceUID", "Collection", "DataDescriptionURI", "PatientID",
                "StudyInstanceUID", "StudyDesc", "StudyDate", "SeriesDescription", "Manufacturer", "Modality",
                "ImageCount", "FileSize", "SeriesNumber", "LicenseName", "LicenseURI", "DateReleased", "SeriesDate",
                "BodyPartExamined");
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : series.rows()) {
            rows.add(from.stream().map(name -> row[SERIES_COLUMNS.indexOf(name)]).toArray());
        }
        return new NbiaTable(columns, rows);
    }

    /** The collection behind a DOI, or its series; NBIA's lower-case keys. */
    NbiaTable forDoi(String doi, boolean series, Filter filter) {
        Filter byDoi = new Filter(Map.of(DOI_KEY, CollectionEntity.doiKey(doi)), filter.readable());
        return series
                ? table(List.of("collection", "seriesInstanceUID"),
                        "SELECT DISTINCT c.slug, se.series_instance_uid" + FROM, byDoi,
                        " ORDER BY se.series_instance_uid")
                : table(List.of("collection"), "SELECT DISTINCT c.slug" + FROM, byDoi, "");
    }

    private static String from(Filter filter) {
        return fromDate(filter) == null ? FROM : RELEASED_FROM;
    }

    /**
     * {@code HAVING} on when instances were released, for fromDate (NewPatientsInCollection: patients whose first
     * release is since; getUpdatedSeries: series with a release since).
     */
    private static String having(Filter filter, String aggregate) {
        return fromDate(filter) == null ? "" : " HAVING " + aggregate + "(" + RELEASED + ") >= ?";
    }

    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(DateTimeFormatter.ofPattern("MM-dd-yyyy"),
            DateTimeFormatter.ofPattern("MM/dd/yyyy"), DateTimeFormatter.ISO_LOCAL_DATE);

    /** NBIA's {@code fromDate} (v1: {@code Date}), MM-DD-YYYY, as the start of that day in UTC. */
    static OffsetDateTime fromDate(Filter filter) {
        String text = filter.get("fromDate") != null ? filter.get("fromDate") : filter.get("Date");
        if (text == null) {
            return null;
        }
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                return LocalDate.parse(text, format).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notThisOne) {
                // try the next format
            }
        }
        throw new DicomWebException(Status.BAD_REQUEST, "fromDate must be MM-DD-YYYY, not " + text);
    }

    private NbiaTable table(List<String> columns, String select, Filter filter, String tail) {
        StringBuilder sql = new StringBuilder(select);
        List<Object> binds = new ArrayList<>();
        if (filter.readable().isEmpty()) {
            sql.append(" AND 1 = 0");
        } else {
            sql.append(" AND c.id IN (").append("?,".repeat(filter.readable().size() - 1)).append("?)");
            binds.addAll(filter.readable());
        }
        String collection = filter.get("Collection");
        if (collection != null) {
            sql.append(" AND (c.slug = ? OR UPPER(c.title) = UPPER(?))");
            binds.add(collection);
            binds.add(collection);
        }
        FILTERS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String value = filter.get(entry.getKey());
            if (value != null) {
                sql.append(" AND ").append(entry.getValue()).append(" = ?");
                binds.add(value);
            }
        });
        OffsetDateTime since = fromDate(filter);
        sql.append(tail);
        if (since != null) {
            binds.add(since); // the HAVING placeholder comes after every WHERE one
        }
        return new NbiaTable(columns, rows(sql.toString(), binds, columns.size()));
    }

    private List<Object[]> rows(String sql, List<Object> binds, int width) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                statement.setObject(i + 1, binds.get(i));
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    Object[] row = new Object[width];
                    for (int c = 0; c < width; c++) {
                        row[c] = results.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the index", e);
        }
    }
}
