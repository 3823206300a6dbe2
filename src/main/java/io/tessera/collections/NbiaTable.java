package io.tessera.collections;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An NBIA answer: named columns in TCIA's order and rows, rendered as NBIA does: a JSON array of objects (null
 * fields left out) or CSV with a header line ({@code format=csv}).
 */
record NbiaTable(List<String> columns, List<Object[]> rows) {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.S");

    Response render(String format, ObjectMapper json) {
        String name = format == null ? "json" : format.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "json", "" -> Response.ok(jsonBody(json), "application/json").build();
            case "csv" -> Response.ok(csvBody(), "text/csv; charset=utf-8").build();
            default -> throw new DicomWebException(Status.BAD_REQUEST,
                    "format must be json or csv, not " + format);
        };
    }

    private String jsonBody(ObjectMapper json) {
        List<Map<String, Object>> objects = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                if (row[i] != null) {
                    object.put(columns.get(i), value(row[i]));
                }
            }
            objects.add(object);
        }
        try {
            return json.writeValueAsString(objects);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    private String csvBody() {
        StringBuilder csv = new StringBuilder();
        Csv.writeRecord(csv, columns.toArray(String[]::new));
        for (Object[] row : rows) {
            String[] fields = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                fields[i] = row[i] == null ? null : String.valueOf(value(row[i]));
            }
            Csv.writeRecord(csv, fields);
        }
        return csv.toString();
    }

    /** Numbers stay numbers; timestamps are written the way NBIA writes them. */
    private static Object value(Object value) {
        if (value instanceof OffsetDateTime time) {
            return TIMESTAMP.format(time);
        }
        if (value instanceof java.sql.Timestamp time) {
            return TIMESTAMP.format(time.toLocalDateTime());
        }
        return value instanceof Number number && !(value instanceof Double) ? number.longValue() : value;
    }
}
