package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A clinical spreadsheet as text cells: its header and its records, each with the line (CSV) or row (XLSX) it came
 * from, for error messages. XLSX: the first sheet; numbers as Excel stores them (not as displayed), date cells as
 * ISO dates ({@code YYYY-MM-DD}, or {@code YYYY-MM-DDTHH:MM:SS} when they hold a time), formulas by their cached result.
 */
record ClinicalSheet(List<String> header, List<Csv.Record> records) {
    /** The media type of XLSX workbooks. */
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Inflated size an XLSX may reach: its parts are unpacked in memory, so a small ZIP must not unpack to gigabytes. */
    static final long MAX_XLSX_INFLATED_BYTES = 64L << 20;

    /** RFC 4180 CSV in UTF-8 (see {@link Csv}). */
    static ClinicalSheet fromCsv(byte[] body) throws IOException {
        List<Csv.Record> records;
        try {
            records = Csv.read(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        } catch (Csv.Malformed e) {
            throw new DicomWebException(Status.BAD_REQUEST, "Malformed CSV, line " + e.line + ": " + e.getMessage());
        }
        return of(records);
    }

    static ClinicalSheet fromXlsx(byte[] body) {
        requireBoundedInflation(body);
        List<Csv.Record> records = new ArrayList<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(body))) {
            if (workbook.getNumberOfSheets() == 0) {
                throw new DicomWebException(Status.BAD_REQUEST, "The workbook has no sheet");
            }
            Sheet sheet = workbook.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                    cells.add(text(row.getCell(c)));
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                    cells.remove(cells.size() - 1);
                }
                if (!cells.isEmpty()) {
                    records.add(new Csv.Record(row.getRowNum() + 1, List.copyOf(cells)));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DicomWebException refusal) {
                throw refusal;
            }
            // POI's messages may quote cell content; the client is told what the file is not, nothing more.
            throw new DicomWebException(Status.BAD_REQUEST,
                    "Not a readable XLSX workbook (" + e.getClass().getSimpleName() + ")");
        }
        return of(records);
    }

    private static ClinicalSheet of(List<Csv.Record> records) {
        if (records.isEmpty()) {
            throw new DicomWebException(Status.BAD_REQUEST, "The clinical file is empty; expected a header row naming"
                    + " the columns, with a patient ID column, and a row per patient or study");
        }
        List<String> header = records.get(0).fields().stream().map(String::strip).toList();
        return new ClinicalSheet(header, records.subList(1, records.size()));
    }

    /** Sums the inflated sizes of the ZIP's entries as they stream; 413 past the bound, 400 when not a ZIP. */
    private static void requireBoundedInflation(byte[] body) {
        long inflated = 0;
        byte[] buffer = new byte[1 << 16];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw new DicomWebException(Status.BAD_REQUEST, "Not an XLSX workbook: the body is not a ZIP file");
            }
            for (; entry != null; entry = zip.getNextEntry()) {
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    inflated += n;
                    if (inflated > MAX_XLSX_INFLATED_BYTES) {
                        throw new DicomWebException(Status.REQUEST_ENTITY_TOO_LARGE, "The workbook unpacks to more than "
                                + MAX_XLSX_INFLATED_BYTES + " bytes; send the sheet as CSV");
                    }
                }
            }
        } catch (IOException e) {
            throw new DicomWebException(Status.BAD_REQUEST, "Not an XLSX workbook: the ZIP is damaged");
        }
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? isoDate(cell.getLocalDateTimeCellValue())
                    : NumberToTextConverter.toText(cell.getNumericCellValue());
            default -> "";
        };
    }

    private static String isoDate(LocalDateTime value) {
        return value.toLocalTime().equals(LocalTime.MIDNIGHT) ? value.toLocalDate().toString() : value.toString();
    }
}
