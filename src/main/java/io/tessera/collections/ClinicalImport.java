package io.tessera.collections;

import io.tessera.deid.DeidContext;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.ClinicalColumnType;
import io.tessera.index.ClinicalFilter;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a clinical spreadsheet into the table to store: finds the key columns, checks every row (all or nothing:
 * a 400 names up to 20 bad lines), infers each column's type, and de-identifies when the collection does
 * ({@link ClinicalDeidentification}). Never puts a cell's content into a message: in a de-identifying collection it
 * may be an original identifier.
 */
final class ClinicalImport {
    static final int MAX_ROWS = 20_000;
    static final int MAX_COLUMNS = 100;
    static final int MAX_CELL_CHARACTERS = 512;
    static final int MAX_NAME_CHARACTERS = 64;
    /** Patient ID is LO (64 characters) in DICOM, and that is what clinical rows join on. */
    private static final int MAX_PATIENT_ID_CHARACTERS = 64;
    /** Header names, compared without case, spaces or punctuation, that name the patient key (RICORD: "Anon MRN"). */
    static final Set<String> PATIENT_HEADERS = Set.of("patientid", "patient", "subjectid", "subject", "caseid",
            "anonmrn", "tciapatientid");
    static final Set<String> STUDY_HEADERS = Set.of("studyinstanceuid", "studyuid");
    /** Cells that mean "no value" where a column is otherwise numbers or dates. */
    private static final Set<String> MISSING = Set.of("na", "n/a", "nan", "null");
    private static final int MAX_CATEGORIES = 50;
    private static final int MAX_CATEGORY_CHARACTERS = 64;
    private static final int MAX_REPORTED = 20;

    /** The table to store, and the columns left out of it with the reason. */
    record Result(ClinicalTable table, List<Dropped> dropped) {
    }

    record Dropped(String column, String reason) {
    }

    private final List<String> problems = new ArrayList<>();

    private ClinicalImport() {
    }

    /** @param deidentification the collection's context, or null when it stores what it receives */
    static Result of(ClinicalSheet sheet, DeidContext deidentification) {
        return new ClinicalImport().build(sheet, deidentification);
    }

    static String normalizedHeader(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private Result build(ClinicalSheet sheet, DeidContext deidentification) {
        List<String> header = sheet.header();
        int patient = keyColumn(header, PATIENT_HEADERS, "patient ID");
        int study = keyColumn(header, STUDY_HEADERS, "Study Instance UID");
        if (patient < 0 && problems.isEmpty()) {
            problems.add("no patient ID column; name one PatientID, patient_id, Patient ID, Subject ID, Case ID or"
                    + " Anon MRN");
        }
        List<Integer> variables = variableColumns(header, patient, study);
        refuseIfProblems("header (line 1)");
        if (sheet.records().size() > MAX_ROWS) {
            throw new DicomWebException(Status.REQUEST_ENTITY_TOO_LARGE,
                    "A clinical table holds at most " + MAX_ROWS + " rows; this file has " + sheet.records().size());
        }
        List<Csv.Record> records = checkedRecords(sheet, header.size(), patient, study);
        refuseIfProblems(null);

        ClinicalTable.Level level = study < 0 ? ClinicalTable.Level.PATIENT : ClinicalTable.Level.STUDY;
        List<ClinicalTable.Column> columns = new ArrayList<>();
        for (int index : variables) {
            columns.add(new ClinicalTable.Column(header.get(index), inferType(records, index)));
        }
        List<ClinicalTable.Row> rows = new ArrayList<>();
        for (Csv.Record record : records) {
            List<String> values = new ArrayList<>();
            for (int c = 0; c < variables.size(); c++) {
                values.add(stored(columns.get(c).type(), cell(record, variables.get(c))));
            }
            rows.add(new ClinicalTable.Row(cell(record, patient), study < 0 ? null : cell(record, study), values));
        }
        ClinicalTable table = new ClinicalTable(level, columns, rows);
        List<Dropped> dropped = new ArrayList<>();
        if (deidentification != null) {
            table = new ClinicalDeidentification(deidentification).apply(table, dropped);
        }
        List<ClinicalTable.Row> sorted = new ArrayList<>(table.rows());
        sorted.sort(Comparator.comparing(ClinicalTable.Row::patientId)
                .thenComparing(ClinicalTable.Row::studyUid, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new Result(new ClinicalTable(level, table.columns(), List.copyOf(sorted)), List.copyOf(dropped));
    }

    /** The index of the one column named as a key, -1 when none; two such columns are a problem. */
    private int keyColumn(List<String> header, Set<String> names, String what) {
        int found = -1;
        for (int i = 0; i < header.size(); i++) {
            if (names.contains(normalizedHeader(header.get(i)))) {
                if (found >= 0) {
                    problems.add("two " + what + " columns: '" + header.get(found) + "' and '" + header.get(i) + "'");
                }
                found = i;
            }
        }
        return found;
    }

    private List<Integer> variableColumns(List<String> header, int patient, int study) {
        List<Integer> variables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            if (i == patient || i == study) {
                continue;
            }
            String name = header.get(i);
            if (name.isEmpty()) {
                problems.add("column " + (i + 1) + " has no name");
            } else if (name.length() > MAX_NAME_CHARACTERS) {
                problems.add("column " + (i + 1) + "'s name is longer than " + MAX_NAME_CHARACTERS + " characters");
            } else if (!ClinicalFilter.isFilterableName(name)) {
                problems.add("column '" + name + "': names may not contain <, >, =, & or control characters");
            } else if (!seen.add(name)) {
                problems.add("column '" + name + "' appears twice");
            } else if (name.equals(ClinicalTable.PATIENT_ID) || name.equals(ClinicalTable.STUDY_INSTANCE_UID)) {
                problems.add("column '" + name + "' is the name of a key column");
            }
            variables.add(i);
        }
        if (variables.size() > MAX_COLUMNS) {
            problems.add(variables.size() + " columns besides the keys; at most " + MAX_COLUMNS);
        }
        return variables;
    }

    private List<Csv.Record> checkedRecords(ClinicalSheet sheet, int width, int patient, int study) {
        Map<String, Integer> keys = new HashMap<>();
        List<Csv.Record> records = new ArrayList<>();
        for (Csv.Record record : sheet.records()) {
            String where = "line " + record.line();
            int before = problems.size();
            if (record.fields().size() > width) {
                problems.add(where + ": " + record.fields().size() + " fields, the header has " + width);
                continue;
            }
            for (int c = 0; c < record.fields().size(); c++) {
                if (record.fields().get(c).strip().length() > MAX_CELL_CHARACTERS) {
                    problems.add(where + ", column " + (c + 1) + ": longer than " + MAX_CELL_CHARACTERS + " characters");
                }
            }
            String patientId = cell(record, patient);
            if (patientId == null) {
                problems.add(where + ": no patient ID");
            } else if (patientId.length() > MAX_PATIENT_ID_CHARACTERS) {
                problems.add(where + ": the patient ID is longer than " + MAX_PATIENT_ID_CHARACTERS + " characters");
            }
            String studyUid = study < 0 ? null : cell(record, study);
            if (study >= 0 && !Uids.isValid(studyUid)) {
                problems.add(where + ": the Study Instance UID is missing or not a DICOM UID");
            }
            if (problems.size() == before) {
                Integer earlier = keys.putIfAbsent(patientId + "\n" + studyUid, record.line());
                if (earlier != null) {
                    problems.add(where + ": the same " + (study < 0 ? "patient" : "patient and study") + " as line "
                            + earlier);
                } else {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The cell, stripped; null when empty or beyond the end of a short row. */
    private static String cell(Csv.Record record, int column) {
        if (column >= record.fields().size()) {
            return null;
        }
        String value = record.fields().get(column).strip();
        return value.isEmpty() ? null : value;
    }

    /**
     * NUMBER or DATE when every value is one (cells of {@link #MISSING} aside), CATEGORY when a few short values
     * repeat, TEXT otherwise (and for a column without values).
     */
    private static ClinicalColumnType inferType(List<Csv.Record> records, int column) {
        List<String> values = new ArrayList<>();
        for (Csv.Record record : records) {
            String value = cell(record, column);
            if (value != null) {
                values.add(value);
            }
        }
        List<String> present = values.stream().filter(v -> !MISSING.contains(v.toLowerCase(Locale.ROOT))).toList();
        if (!present.isEmpty() && present.stream().allMatch(v -> ClinicalColumnType.number(v) != null)) {
            return ClinicalColumnType.NUMBER;
        }
        if (!present.isEmpty() && present.stream().allMatch(v -> ClinicalColumnType.date(v) != null)) {
            return ClinicalColumnType.DATE;
        }
        Set<String> distinct = new LinkedHashSet<>(values);
        boolean repeats = distinct.size() < values.size();
        boolean shortValues = values.stream().allMatch(v -> v.length() <= MAX_CATEGORY_CHARACTERS);
        return repeats && shortValues && distinct.size() <= MAX_CATEGORIES ? ClinicalColumnType.CATEGORY
                : ClinicalColumnType.TEXT;
    }

    /** The value as stored in a column of {@code type}: "no value" markers of number and date columns are dropped. */
    private static String stored(ClinicalColumnType type, String value) {
        if (value == null || type.ordered() && type.comparable(value) == null) {
            return null;
        }
        return value;
    }

    private void refuseIfProblems(String where) {
        if (problems.isEmpty()) {
            return;
        }
        List<String> reported = problems.subList(0, Math.min(problems.size(), MAX_REPORTED));
        String more = problems.size() > MAX_REPORTED ? "; and " + (problems.size() - MAX_REPORTED) + " more" : "";
        throw new DicomWebException(Status.BAD_REQUEST, "Nothing imported: " + (where == null ? "" : where + ": ")
                + String.join("; ", reported) + more);
    }
}
