package io.tessera.collections;

import io.tessera.index.ClinicalColumnType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A collection's clinical table as stored: rows in canonical order (Patient ID, then Study Instance UID), columns in
 * the order of the file. Key values are what the index holds (pseudonyms and replaced UIDs when the collection
 * de-identifies).
 */
record ClinicalTable(Level level, List<Column> columns, List<Row> rows) {
    static final String PATIENT_ID = "PatientID";
    static final String STUDY_INSTANCE_UID = "StudyInstanceUID";

    /** One row per patient, or per study (the file had a Study Instance UID column). */
    enum Level {
        PATIENT, STUDY;

        /** As the API shows it: {@code patient} or {@code study}. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Column(String name, ClinicalColumnType type) {
    }

    /** @param values one per column, null where the cell is empty */
    record Row(String patientId, String studyUid, List<String> values) {
    }

    /** The CSV header: the key columns, then the variables. */
    List<String> header() {
        return header(level, columns);
    }

    static List<String> header(Level level, List<Column> columns) {
        List<String> header = new ArrayList<>();
        header.add(PATIENT_ID);
        if (level == Level.STUDY) {
            header.add(STUDY_INSTANCE_UID);
        }
        columns.forEach(column -> header.add(column.name()));
        return header;
    }

    /** The CSV record of {@code row}, in the order of {@link #header}. */
    static String[] record(Level level, Row row) {
        List<String> fields = new ArrayList<>();
        fields.add(row.patientId());
        if (level == Level.STUDY) {
            fields.add(row.studyUid());
        }
        fields.addAll(row.values());
        return fields.toArray(String[]::new);
    }

    /** The rows as CSV (RFC 4180, CRLF) under {@link #header}: what GET ?format=csv and archives hold. */
    static String csv(Level level, List<Column> columns, List<Row> rows) {
        StringBuilder csv = new StringBuilder();
        Csv.writeRecord(csv, header(level, columns).toArray(String[]::new));
        rows.forEach(row -> Csv.writeRecord(csv, record(level, row)));
        return csv.toString();
    }

    /** SHA-256 over the level, the typed columns and the rows: equal digests, equal tables. */
    String sha256() {
        StringBuilder canonical = new StringBuilder();
        Csv.writeRecord(canonical, level.name());
        Csv.writeRecord(canonical, columns.stream().map(c -> c.type().name()).toArray(String[]::new));
        Csv.writeRecord(canonical, header().toArray(String[]::new));
        rows.forEach(row -> Csv.writeRecord(canonical, record(level, row)));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
