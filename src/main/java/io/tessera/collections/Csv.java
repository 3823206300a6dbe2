package io.tessera.collections;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, line breaks and doubled quotes.
 * Records end with CRLF or LF; blank lines are skipped and a leading byte order mark (as Excel writes) is ignored.
 */
final class Csv {

    /** One record and the line it starts on (1-based), for error messages. */
    record Record(int line, List<String> fields) {
    }

    /** Malformed CSV, at a line. */
    static final class Malformed extends Exception {
        final int line;

        Malformed(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private Csv() {
    }

    static List<Record> read(Reader source) throws IOException, Malformed {
        // One character of look-ahead (CRLF, doubled quotes) needs mark and reset.
        Reader in = source.markSupported() ? source : new BufferedReader(source);
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int c = in.read();
        if (c == '\uFEFF') {
            c = in.read();
        }
        for (; c != -1; c = in.read()) {
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"') {
                if (!field.isEmpty() || fieldWasQuoted) {
                    throw new Malformed(line, "a double quote inside a field must be in a quoted field, doubled");
                }
                quoted = true;
                fieldWasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                fields.add(field.toString());
                if (!(fields.size() == 1 && fields.get(0).isEmpty() && !fieldWasQuoted)) {
                    records.add(new Record(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                fieldWasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (fieldWasQuoted) {
                    throw new Malformed(line, "a quoted field must end at a comma or the end of the line");
                }
                field.append((char) c);
            }
        }
        if (quoted) {
            throw new Malformed(recordLine, "a quoted field is not closed before the end of the file");
        }
        fields.add(field.toString());
        if (!(fields.size() == 1 && fields.get(0).isEmpty() && !fieldWasQuoted)) {
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }

    /** One record with CRLF, quoting only fields that need it; null is written as an empty field. */
    static void writeRecord(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields[i] == null ? "" : fields[i];
            if (field.matches("(?s).*[\",\r\n].*") || !field.equals(field.strip())) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        out.append("\r\n");
    }
}
