package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static io.tessera.collections.RicordCollections.ADMIN;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clinical variables end to end on a generated RICORD-like collection: a patient-level CSV and a study-level XLSX
 * (RICORD's "Anon MRN" / "Study UID" headers) imported, filtered through the table's API, QIDO-RS, manifests and
 * archives, which then hold exactly the matching studies and their clinical rows.
 */
@QuarkusTest
class ClinicalResourceTest {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String PREFIX = "MIDRC-RICORD-1A-419639-00000";

    @TempDir
    Path folder;

    /** Four patients with images (patient 1 has two studies); the clinical files also name a patient 5 without. */
    private static final class Images {
        final String slug = RicordCollections.fresh("clinical");
        /** Patient number to its studies' UIDs; each study has one series of one instance. */
        final Map<Integer, List<String>> studies = new LinkedHashMap<>();
        final Map<String, String> sopOfStudy = new LinkedHashMap<>();

        Images() {
            List<byte[]> instances = new ArrayList<>();
            for (int patient = 1; patient <= 4; patient++) {
                for (int study = 0; study < (patient == 1 ? 2 : 1); study++) {
                    String studyUid = GeneratedStudies.newUid();
                    String sop = GeneratedStudies.newUid();
                    studies.computeIfAbsent(patient, p -> new ArrayList<>()).add(studyUid);
                    sopOfStudy.put(studyUid, sop);
                    instances.add(GeneratedStudies.instance(PREFIX + patient, studyUid, GeneratedStudies.newUid(),
                            sop, "CT"));
                }
            }
            given().header("Authorization", ADMIN)
                    .contentType("multipart/related; type=\"application/dicom\"; boundary=cl")
                    .body(GeneratedStudies.multipart("cl", instances))
                    .post("/dicomweb/collections/" + slug + "/studies").then().statusCode(anyOf(is(200), is(202)));
        }

        String study(int patient, int index) {
            return studies.get(patient).get(index);
        }
    }

    static final String CSV = """
            Patient ID,Age,Sex,RT-PCR,Admission Date,Notes\r
            MIDRC-RICORD-1A-419639-000001,63,M,positive,2020-03-02,"cough, fever"\r
            MIDRC-RICORD-1A-419639-000002,45,F,negative,2020-03-05,\r
            MIDRC-RICORD-1A-419639-000003,71,F,positive,2020-03-09,ICU\r
            MIDRC-RICORD-1A-419639-000004,60,M,negative,NA,\r
            MIDRC-RICORD-1A-419639-000005,80,F,positive,2020-04-01,no images yet\r
            """;

    @Test
    void aPatientTableFiltersPatientsStudiesManifestsAndArchives() throws Exception {
        Images images = new Images();
        String api = "/api/collections/" + images.slug + "/clinical";
        JsonPath imported = given().header("Authorization", ADMIN).contentType("text/csv").body(CSV).put(api)
                .then().statusCode(200).body("level", equalTo("patient")).body("rows", equalTo(5))
                .body("changed", equalTo(true)).extract().jsonPath();
        assertEquals(List.of("Age", "Sex", "RT-PCR", "Admission Date", "Notes"), imported.getList("columns.name"));
        assertEquals(List.of("number", "category", "category", "date", "text"), imported.getList("columns.type"));

        JsonPath table = given().get(api).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("PatientID"), table.getList("key"));
        assertEquals(Map.of("negative", 2, "positive", 3), table.getMap("columns[2].values"));
        assertEquals(63, table.getInt("rows[0].Age"));
        assertNull(table.get("rows[3].'Admission Date'"), "NA in a date column is no value");

        assertEquals(patients(1, 3, 4, 5), given().queryParam("Age>", "60").get(api).jsonPath().getList("rows.PatientID"));
        assertEquals(patients(1, 3, 5), given().queryParam("Age>", "60").queryParam("RT-PCR", "positive").get(api)
                .jsonPath().getList("rows.PatientID"));
        assertEquals(patients(2), given().queryParam("clinical.Age<60").get(api).jsonPath().getList("rows.PatientID"));
        assertEquals(patients(3, 5), given().queryParam("Admission Date>2020-03-05").get(api).jsonPath()
                .getList("rows.PatientID"));
        assertEquals("PatientID,Age,Sex,RT-PCR,Admission Date,Notes\r\n"
                        + "MIDRC-RICORD-1A-419639-000002,45,F,negative,2020-03-05,\r\n",
                given().queryParam("Age<", "45").queryParam("format", "csv").get(api).asString());
        given().accept("text/csv").get(api).then().statusCode(200).contentType(containsString("text/csv"))
                .body(containsString("\"cough, fever\""));
        assertTrue(plainCurl(api + "?Age=ge71&Sex=F").contains("\"count\":2"), "FHIR prefixes need no encoding");
        assertEquals(patients(1, 2, 4), given().queryParam("Age", "lt70").get(api).jsonPath().getList("rows.PatientID"));

        given().queryParam("Weight>", "60").get(api).then().statusCode(400).body("error", containsString("Weight"));
        given().queryParam("Sex>", "M").get(api).then().statusCode(400).body("error", containsString("only ="));
        given().queryParam("Age>", "old").get(api).then().statusCode(400).body("error", containsString("not a number"));
        given().queryParam("Admission Date<2020-13-45").get(api).then().statusCode(400);

        String root = "/dicomweb/collections/" + images.slug;
        assertEquals(Set.of(images.study(1, 0), images.study(1, 1), images.study(3, 0)),
                studyUids(given().queryParam("clinical.Age>", "60").queryParam("clinical.RT-PCR", "positive")
                        .get(root + "/studies")));
        assertEquals(Set.of(images.study(1, 0), images.study(1, 1), images.study(3, 0)), studyUids(given()
                .queryParam("clinical.RT-PCR", "positive")
                .queryParam("StudyInstanceUID", String.join(",", images.sopOfStudy.keySet()))
                .get("/dicomweb/studies")), "the root searches every collection's clinical table");
        assertEquals(Set.of(images.study(2, 0)),
                studyUids(given().queryParam("clinical.Age<50").get(root + "/series")));
        assertEquals(Set.of(images.study(4, 0)), studyUids(given().queryParam("clinical.Age", "60.0")
                .get(root + "/studies/" + images.study(4, 0) + "/instances")));
        given().queryParam("clinical.Nope", "1").get(root + "/studies").then().statusCode(400)
                .body(containsString("Age, Sex, RT-PCR, Admission Date, Notes"));

        List<String> manifest = given().queryParam("clinical.Age>", "70").get("/api/collections/" + images.slug
                + "/manifest").then().statusCode(200).extract().jsonPath().getList("items.studyInstanceUID");
        assertEquals(List.of(images.study(3, 0)), manifest);

        Archive archive = archive(images.slug, "clinical.RT-PCR=positive");
        assertEquals(Set.of(images.sopOfStudy.get(images.study(1, 0)), images.sopOfStudy.get(images.study(1, 1)),
                images.sopOfStudy.get(images.study(3, 0))), archive.sops);
        assertEquals("PatientID,Age,Sex,RT-PCR,Admission Date,Notes\r\n"
                + "MIDRC-RICORD-1A-419639-000001,63,M,positive,2020-03-02,\"cough, fever\"\r\n"
                + "MIDRC-RICORD-1A-419639-000003,71,F,positive,2020-03-09,ICU\r\n", archive.clinical);

        given().header("Authorization", ADMIN).contentType("text/csv").body(CSV).put(api)
                .then().statusCode(200).body("changed", equalTo(false));
        assertEquals(table.getString("sha256"), given().get(api).jsonPath().getString("sha256"), "the same table");
    }

    @Test
    void aRicordStudyWorkbookFiltersStudies() throws Exception {
        Images images = new Images();
        String api = "/api/collections/" + images.slug + "/clinical";
        byte[] workbook = workbook(List.of(
                new Object[]{PREFIX + 1, images.study(1, 0), 63, "DETECTED", LocalDate.of(2020, 3, 2)},
                new Object[]{PREFIX + 1, images.study(1, 1), 63, "NOT DETECTED", LocalDate.of(2020, 4, 11)},
                new Object[]{PREFIX + 2, images.study(2, 0), 45, "NOT DETECTED", LocalDate.of(2020, 3, 5)},
                new Object[]{PREFIX + 3, images.study(3, 0), 71.5, "DETECTED", LocalDate.of(2020, 3, 9)}));
        JsonPath imported = given().header("Authorization", ADMIN).contentType(XLSX).body(workbook).put(api)
                .then().statusCode(200).body("level", equalTo("study")).body("rows", equalTo(4))
                .extract().jsonPath();
        assertEquals(List.of("number", "category", "date"), imported.getList("columns.type"));
        JsonPath table = given().queryParam("Result", "DETECTED").get(api).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("PatientID", "StudyInstanceUID"), table.getList("key"));
        assertEquals(List.of(images.study(1, 0), images.study(3, 0)), table.getList("rows.StudyInstanceUID"));
        assertEquals("2020-03-02", table.getString("rows[0].'Exam Date'"));
        assertEquals(71.5f, table.getFloat("rows[1].Age"));

        String root = "/dicomweb/collections/" + images.slug;
        assertEquals(Set.of(images.study(1, 0), images.study(3, 0)),
                studyUids(given().queryParam("clinical.Result", "DETECTED").get(root + "/studies")));
        assertEquals(Set.of(images.study(1, 1)),
                studyUids(given().queryParam("clinical.Exam Date>", "2020-04-01").get(root + "/instances")));

        Archive archive = archive(images.slug, "clinical.Result=DETECTED");
        assertEquals(Set.of(images.sopOfStudy.get(images.study(1, 0)), images.sopOfStudy.get(images.study(3, 0))),
                archive.sops);
        assertEquals(List.of("PatientID,StudyInstanceUID,Age,Result,Exam Date",
                PREFIX + "1," + images.study(1, 0) + ",63,DETECTED,2020-03-02",
                PREFIX + "3," + images.study(3, 0) + ",71.5,DETECTED,2020-03-09"),
                List.of(archive.clinical.split("\r\n")));
        Archive oneStudy = archive(images.slug, null, "/studies/" + images.study(1, 1));
        assertTrue(oneStudy.clinical.contains(images.study(1, 1)) && !oneStudy.clinical.contains(images.study(1, 0)),
                "a study's archive holds its own row");

        given().header("Authorization", ADMIN).contentType(XLSX).body(workbook).put(api)
                .then().statusCode(200).body("changed", equalTo(false));
        given().header("Authorization", ADMIN).contentType("text/csv").body(CSV).put(api)
                .then().statusCode(200).body("level", equalTo("patient")).body("changed", equalTo(true));
        given().get(api).then().body("total", equalTo(5));
    }

    @Test
    void aTableImportedBeforeItsImagesJoinsThemUnderTheirPseudonyms() {
        String slug = "clinical-deid-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("title", "Clinical first " + slug, "deidentification",
                        Map.of("profile", "basic", "options", List.of("113107"))))
                .put("/api/collections/" + slug).then().statusCode(201);
        String studyA = GeneratedStudies.newUid();
        String studyB = GeneratedStudies.newUid();
        String api = "/api/collections/" + slug + "/clinical";
        put(api, "text/csv", "Subject ID,Study UID,Age,Result\nORIGINAL-A," + studyA + ",70,DETECTED\nORIGINAL-B,"
                + studyB + ",40,NOT DETECTED\nORIGINAL-C," + GeneratedStudies.newUid() + ",40,NOT DETECTED\n")
                .then().statusCode(200).body("level", equalTo("study"));
        String prefix = slug.toUpperCase(java.util.Locale.ROOT) + "-";
        JsonPath table = given().get(api).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(prefix + "0001", prefix + "0002", prefix + "0003"), table.getList("rows.PatientID"),
                "numbered in the file's order");
        assertTrue(table.getList("rows.StudyInstanceUID").stream().allMatch(uid -> ((String) uid).startsWith("2.25.")
                && !uid.equals(studyA) && !uid.equals(studyB)), "the replaced UIDs");

        // The images arrive later, patient B first: each still gets the pseudonym its clinical row has.
        for (String[] image : List.of(new String[]{"ORIGINAL-B", studyB}, new String[]{"ORIGINAL-A", studyA})) {
            given().header("Authorization", ADMIN)
                    .contentType("multipart/related; type=\"application/dicom\"; boundary=cf")
                    .body(GeneratedStudies.multipart("cf", List.of(GeneratedStudies.instance(image[0], image[1],
                            GeneratedStudies.newUid(), GeneratedStudies.newUid(), "CT"))))
                    .post("/dicomweb/collections/" + slug + "/studies").then().statusCode(202);
        }
        String root = "/dicomweb/collections/" + slug;
        JsonPath detected = given().queryParam("clinical.Result", "DETECTED").get(root + "/studies").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of(prefix + "0001"), detected.getList("'00100020'.Value.flatten()"));
        assertEquals(List.of(table.getString("rows[0].StudyInstanceUID")), detected.getList("'0020000D'.Value.flatten()"));
        assertEquals(List.of(prefix + "0002"), given().queryParam("clinical.Age", "lt50").get(root + "/studies")
                .then().statusCode(200).extract().jsonPath().getList("'00100020'.Value.flatten()"));
    }

    @Test
    void badFilesAreRefusedAndStoreNothing() {
        String slug = RicordCollections.fresh("clinical-bad");
        String api = "/api/collections/" + slug + "/clinical";
        given().contentType("text/csv").body(CSV).put(api).then().statusCode(401);
        put(api, "text/csv", "Age,Sex\n60,M\n").then().statusCode(400).body("error", containsString("patient ID"));
        put(api, "text/csv", "PatientID,Age\nP1,60\nP1,61\n").then().statusCode(400)
                .body("error", containsString("line 3: the same patient as line 2"));
        put(api, "text/csv", "PatientID,Age\nP1,\"60\n").then().statusCode(400).body("error", containsString("Malformed"));
        put(api, "text/csv", "PatientID,Age>1\nP1,60\n").then().statusCode(400).body("error", containsString("<, >, ="));
        put(api, "text/csv", "PatientID,Note\nP1," + "x".repeat(513) + "\n").then().statusCode(400)
                .body("error", containsString("longer than 512"));
        put(api, "text/csv", "PatientID," + IntStream.range(0, 101).mapToObj(i -> "c" + i)
                .collect(Collectors.joining(",")) + "\nP1\n").then().statusCode(400)
                .body("error", containsString("at most 100"));
        put(api, "text/csv", "PatientID,StudyUID,Age\nP1,not-a-uid,60\n").then().statusCode(400)
                .body("error", containsString("not a DICOM UID"));
        put(api, "text/csv", "PatientID,Age\n" + "P,1\n".repeat(20_001)).then().statusCode(413);
        given().header("Authorization", ADMIN).contentType(XLSX).body("not a zip".getBytes(StandardCharsets.UTF_8))
                .put(api).then().statusCode(400).body("error", containsString("XLSX"));
        given().header("Authorization", ADMIN).contentType(XLSX).body(zipOfZeros(65 << 20)).put(api)
                .then().statusCode(413).body("error", containsString("unpacks to more than"));
        given().header("Authorization", ADMIN).contentType("application/json").body("[]").put(api)
                .then().statusCode(415);
        given().get(api).then().statusCode(404).body("error", containsString("no clinical table"));
        given().get("/api/collections/never-" + slug + "/clinical").then().statusCode(404);
    }

    /** A small ZIP that unpacks to {@code size} zero bytes: what a decompression bomb looks like. */
    private static byte[] zipOfZeros(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] block = new byte[1 << 20];
            for (int written = 0; written < size; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Response put(String api, String type, String body) {
        return given().header("Authorization", ADMIN).contentType(type).body(body).put(api);
    }

    private static List<String> patients(int... numbers) {
        return java.util.Arrays.stream(numbers).mapToObj(n -> PREFIX + n).toList();
    }

    private static Set<String> studyUids(Response qido) {
        return new TreeSet<>(qido.then().statusCode(200).extract().jsonPath().<String>getList("'0020000D'.Value.flatten()"));
    }

    /** An HTTP/1.1 request written by hand, with the query exactly as typed (curl sends {@code >=} as it is). */
    private static String plainCurl(String pathAndQuery) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            return response;
        }
    }

    private record Archive(Set<String> sops, String clinical) {
    }

    private Archive archive(String slug, String filter) throws Exception {
        return archive(slug, filter, "");
    }

    /** Downloads the archive whole and resumed from its middle, checks both agree, and reads what it holds. */
    private Archive archive(String slug, String filter, String under) throws Exception {
        String url = "/api/collections/" + slug + under + "/archive.zip";
        var request = given();
        if (filter != null) {
            String[] pair = filter.split("=", 2);
            request.queryParam(pair[0], pair[1]);
        }
        Response whole = request.get(url);
        assertEquals(200, whole.statusCode(), whole.asString());
        byte[] bytes = whole.asByteArray();
        assertEquals(String.valueOf(bytes.length), whole.header("Content-Length"));
        var again = given().header("Range", "bytes=" + bytes.length / 2 + "-");
        if (filter != null) {
            String[] pair = filter.split("=", 2);
            again.queryParam(pair[0], pair[1]);
        }
        byte[] tail = again.get(url).then().statusCode(206).extract().asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length), tail);
        Path file = Files.write(folder.resolve("archive-" + System.nanoTime() + ".zip"), bytes);
        UnzipTool.assertTestPasses(file);
        Set<String> sops = new TreeSet<>();
        String clinical = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (name.endsWith(".dcm")) {
                    sops.add(name.substring(name.lastIndexOf('/') + 1, name.length() - 4));
                } else if (name.equals(slug + "/clinical.csv")) {
                    clinical = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return new Archive(sops, clinical);
    }

    /** RICORD's clinical workbook layout: Anon MRN, Study UID, Age, Result (RT-PCR), Exam Date (a date cell). */
    private static byte[] workbook(List<Object[]> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Clinical");
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("m/d/yy"));
            String[] header = {"Anon MRN", "Study UID", "Age", "Result", "Exam Date"};
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                Object[] values = rows.get(r);
                row.createCell(0).setCellValue((String) values[0]);
                row.createCell(1).setCellValue((String) values[1]);
                row.createCell(2).setCellValue(((Number) values[2]).doubleValue());
                row.createCell(3).setCellValue((String) values[3]);
                row.createCell(4).setCellValue((LocalDate) values[4]);
                row.getCell(4).setCellStyle(date);
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
