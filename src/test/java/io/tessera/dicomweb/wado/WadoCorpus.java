package io.tessera.dicomweb.wado;

import static io.restassured.RestAssured.given;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pydicom test files, stored once through STOW-RS, with what pydicom says about them. Several files share a
 * SOP Instance UID (and stores refuse duplicates), so each file is marked stored when the archive holds its bytes.
 */
final class WadoCorpus {
    static final Path FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String PYTHON = "/usr/bin/python3";
    private static List<Entry> stored;

    /** One file: its UIDs, syntax, SHA-256, and the SHA-256 of frame 1 per pydicom ("" without pixel data). */
    record Entry(Path path, String transferSyntax, String sop, String study, String series, String frameOneSha256,
                 String sha256) {
        String instancePath() {
            return "/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop;
        }

        byte[] bytes() throws IOException {
            return Files.readAllBytes(path);
        }

        String name() {
            return path.getFileName().toString();
        }
    }

    private WadoCorpus() {
    }

    /** Every file whose bytes the archive holds after storing the whole corpus. */
    static synchronized List<Entry> stored() throws Exception {
        if (stored == null) {
            List<Entry> all = list();
            for (Entry entry : all) {
                given().header("Authorization", "Bearer test-admin-token")
                        .contentType("multipart/related; type=\"application/dicom\"; boundary=wadotest")
                        .body(multipart(entry.bytes()))
                        .post("/dicomweb/studies");
            }
            Map<String, Entry> bySha = all.stream().collect(Collectors.toMap(Entry::sha256, Function.identity(), (a, b) -> a));
            List<Entry> found = new ArrayList<>();
            for (String instancePath : all.stream().map(Entry::instancePath).distinct().toList()) {
                var response = given().accept("application/dicom; transfer-syntax=*").get(instancePath);
                if (response.statusCode() == 200) {
                    Entry entry = bySha.get(sha256(response.asByteArray()));
                    if (entry != null) {
                        found.add(entry);
                    }
                }
            }
            stored = List.copyOf(found);
        }
        return stored;
    }

    static Entry named(String name) throws Exception {
        return stored().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not stored"));
    }

    static byte[] multipart(byte[] dicom) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("--wadotest\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(dicom);
        body.writeBytes("\r\n--wadotest--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Entry> list() throws IOException, InterruptedException {
        String script;
        try (InputStream in = WadoCorpus.class.getResourceAsStream("pydicom_frames.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Process python = new ProcessBuilder(PYTHON, "-c", script, FILES.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (python.waitFor() != 0) {
            throw new IllegalStateException("pydicom failed to list " + FILES);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 6 && !f[1].isEmpty() && !f[2].isEmpty() && !f[3].isEmpty() && !f[4].isEmpty()) {
                Path path = Path.of(f[0]);
                entries.add(new Entry(path, f[1], f[2], f[3], f[4], f[5], sha256(Files.readAllBytes(path))));
            }
        }
        return entries;
    }
}
