package io.tessera.collections;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads label rows from CSV or JSON and checks every one. Any bad row refuses the whole file with 400 naming each
 * bad line (CSV, the header is line 1) or row (JSON, the first object is row 1), so a file is imported whole or not
 * at all.
 */
final class LabelRows {
    private static final int MAX_REPORTED = 20;
    private static final List<String> REQUIRED = List.of("level", "uid", "label");

    private final List<String> problems = new ArrayList<>();
    private final List<LabelRow> rows = new ArrayList<>();

    private LabelRows() {
    }

    /** CSV with a header naming the columns, in any order; value and reader may be left out. */
    static List<LabelRow> fromCsv(Reader csv) throws IOException {
        List<Csv.Record> records;
        try {
            records = Csv.read(csv);
        } catch (Csv.Malformed e) {
            throw new DicomWebException(Status.BAD_REQUEST, "line " + e.line + ": " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new DicomWebException(Status.BAD_REQUEST,
                    "Empty label file; expected a header " + String.join(",", LabelRow.COLUMNS) + " and rows");
        }
        return new LabelRows().csv(records);
    }

    /** A JSON array of objects with the keys level, uid, label and optionally value, reader. */
    static List<LabelRow> fromJson(JsonNode json) {
        if (json == null || !json.isArray()) {
            throw new DicomWebException(Status.BAD_REQUEST,
                    "Expected a JSON array of objects with the keys " + String.join(", ", LabelRow.COLUMNS));
        }
        return new LabelRows().json(json);
    }

    private List<LabelRow> csv(List<Csv.Record> records) {
        List<String> header = records.get(0).fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        Set<String> headerProblems = new LinkedHashSet<>();
        for (String column : header) {
            if (!Arrays.asList(LabelRow.COLUMNS).contains(column) || header.indexOf(column) != header.lastIndexOf(column)) {
                headerProblems.add("unexpected or repeated column '" + column + "'");
            }
        }
        REQUIRED.stream().filter(column -> !header.contains(column))
                .forEach(column -> headerProblems.add("missing column '" + column + "'"));
        if (!headerProblems.isEmpty()) {
            throw new DicomWebException(Status.BAD_REQUEST, "line 1: the header must name the columns "
                    + String.join(",", LabelRow.COLUMNS) + ": " + String.join("; ", headerProblems));
        }
        for (Csv.Record record : records.subList(1, records.size())) {
            String where = "line " + record.line();
            if (record.fields().size() != header.size()) {
                problems.add(where + ": " + record.fields().size() + " fields, the header has " + header.size());
                continue;
            }
            check(where, field(header, record, "level"), field(header, record, "uid"),
                    field(header, record, "label"), field(header, record, "value"), field(header, record, "reader"));
        }
        return result();
    }

    private static String field(List<String> header, Csv.Record record, String column) {
        int index = header.indexOf(column);
        return index < 0 ? null : record.fields().get(index);
    }

    private List<LabelRow> json(JsonNode array) {
        for (int i = 0; i < array.size(); i++) {
            String where = "row " + (i + 1);
            JsonNode row = array.get(i);
            if (!row.isObject()) {
                problems.add(where + ": not a JSON object");
                continue;
            }
            boolean wellFormed = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!Arrays.asList(LabelRow.COLUMNS).contains(field.getKey())) {
                    problems.add(where + ": unexpected key '" + field.getKey() + "'");
                    wellFormed = false;
                } else if (field.getValue().isContainerNode()) {
                    problems.add(where + ": " + field.getKey() + " must be a string, number or boolean");
                    wellFormed = false;
                }
            }
            if (wellFormed) {
                check(where, text(row, "level"), text(row, "uid"), text(row, "label"), text(row, "value"),
                        text(row, "reader"));
            }
        }
        return result();
    }

    private static String text(JsonNode row, String key) {
        JsonNode value = row.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private void check(String where, String level, String uid, String label, String value, String reader) {
        int before = problems.size();
        String normalizedLevel = level(where, level);
        String normalizedUid = blankToNull(uid);
        if (!Uids.isValid(normalizedUid)) {
            problems.add(where + ": uid '" + (uid == null ? "" : uid) + "' is not a DICOM UID");
        }
        String normalizedLabel = limited(where, "label", label, 128);
        if (normalizedLabel == null) {
            problems.add(where + ": label is required");
        }
        String normalizedValue = limited(where, "value", value, 4096);
        String normalizedReader = limited(where, "reader", reader, 128);
        if (problems.size() == before) {
            rows.add(new LabelRow(normalizedLevel, normalizedUid, normalizedLabel, normalizedValue, normalizedReader));
        }
    }

    private String level(String where, String level) {
        String normalized = blankToNull(level);
        if (normalized == null) {
            problems.add(where + ": level is required (STUDY, SERIES or INSTANCE)");
            return null;
        }
        String upper = normalized.toUpperCase(Locale.ROOT);
        if (Arrays.stream(LabelEntity.Level.values()).noneMatch(known -> known.name().equals(upper))) {
            problems.add(where + ": level '" + level + "' is not STUDY, SERIES or INSTANCE");
        }
        return upper;
    }

    private String limited(String where, String field, String text, int maxLength) {
        String normalized = blankToNull(text);
        if (normalized != null && normalized.length() > maxLength) {
            problems.add(where + ": " + field + " is longer than " + maxLength + " characters");
        }
        return normalized;
    }

    private List<LabelRow> result() {
        if (problems.isEmpty()) {
            return rows;
        }
        List<String> reported = problems.subList(0, Math.min(problems.size(), MAX_REPORTED));
        String more = problems.size() > MAX_REPORTED ? "; and " + (problems.size() - MAX_REPORTED) + " more" : "";
        throw new DicomWebException(Status.BAD_REQUEST,
                "Nothing imported: " + String.join("; ", reported) + more);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
