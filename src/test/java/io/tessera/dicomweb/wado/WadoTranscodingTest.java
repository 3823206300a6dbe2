package io.tessera.dicomweb.wado;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.ReadOptions;
import io.tessera.render.PixelModule;
import io.tessera.render.PydicomDecodeTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS transcoding end to end: every compressed file Debian's pydicom ships, stored through STOW-RS, read back
 * as Explicit VR Little Endian frames and instances, and compared with pydicom's own decoding of the original
 * (lossless syntaxes sample for sample, lossy ones within a mean absolute difference of 1, as
 * {@link PydicomDecodeTest}); the transcoded instances are read by pydicom.
 */
@QuarkusTest
class WadoTranscodingTest {
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String NATIVE_FRAMES =
            "multipart/related; type=\"application/octet-stream\"; transfer-syntax=" + EXPLICIT_LE;
    private static final String NATIVE_INSTANCE =
            "multipart/related; type=\"application/dicom\"; transfer-syntax=" + EXPLICIT_LE;
    private static final Set<String> LOSSY = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.81");
    private static final ReadOptions HEADER_ONLY = ReadOptions.DEFAULTS.withStopAtPixelData(true);

    /** One line of pydicom's decoding of the compressed files (pydicom_pixels.py). */
    record Decoded(String name, String syntax, String photometric, String status) {
    }

    @Test
    void everyCompressedPydicomFileIsTranscodedToExplicitVrLittleEndian() throws Exception {
        Path oracle = Path.of("target", "pydicom-pixels-wado");
        List<Decoded> compressed = pydicomPixels(oracle);
        Path transcodedDir = Files.createDirectories(Path.of("target", "wado-transcoded"));
        Map<String, String> report = new LinkedHashMap<>();
        Map<String, byte[]> framesByName = new HashMap<>();
        StringBuilder toCheck = new StringBuilder();
        for (Decoded file : compressed) {
            Path path = WadoCorpus.FILES.resolve(file.name());
            String instancePath = storeUnderNewUids(Files.readAllBytes(path));
            DicomFile original;
            try (InputStream in = Files.newInputStream(path)) {
                original = new DicomReader(in, HEADER_ONLY).read();
            }
            PixelModule module = PixelModule.of(original.dataset());
            int frameCount = original.pixelData().frames().size();
            String list = IntStream.rangeClosed(1, frameCount).mapToObj(Integer::toString).collect(Collectors.joining(","));
            Response response = given().accept(NATIVE_FRAMES).get(instancePath + "/frames/" + list);
            boolean pydicomDecodes = file.status().equals("ok");
            if (response.statusCode() == 406) {
                String reason = response.jsonPath().getString("error");
                assertTrue(!pydicomDecodes, file.name() + " decodes in pydicom but is refused: " + reason);
                report.put(file.name(), "406 (pydicom: " + file.status() + "): " + reason);
                given().accept(NATIVE_INSTANCE).get(instancePath).then().statusCode(406);
                continue;
            }
            List<WadoResourceTest.Part> parts = WadoResourceTest.parts(response);
            assertEquals(frameCount, parts.size(), file.name());
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (WadoResourceTest.Part part : parts) {
                assertEquals("application/octet-stream; transfer-syntax=" + EXPLICIT_LE, part.contentType());
                assertEquals(module.nativeFrameLength(), part.body().length, file.name());
                frames.writeBytes(part.body());
            }
            framesByName.put(file.name(), frames.toByteArray());
            String outcome = pydicomDecodes ? compare(file, oracle, frames.toByteArray(), module)
                    : "transcoded; not compared (pydicom: " + file.status() + ")";

            List<WadoResourceTest.Part> instance = WadoResourceTest.parts(given().accept(NATIVE_INSTANCE).get(instancePath));
            assertEquals(1, instance.size());
            assertEquals("application/dicom; transfer-syntax=" + EXPLICIT_LE, instance.get(0).contentType());
            DicomFile transcoded = new DicomReader(new ByteArrayInputStream(instance.get(0).body())).read();
            assertEquals(EXPLICIT_LE, transcoded.fileMeta().string(Tags.TransferSyntaxUID), file.name());
            byte[] pixels = ((Value.Bytes) transcoded.dataset().get(Tags.PixelData)).bytes();
            byte[] expected = frames.toByteArray();
            assertArrayEquals(expected, java.util.Arrays.copyOf(pixels, expected.length), file.name() + ": instance pixels");
            assertEquals(expected.length + (expected.length & 1), pixels.length, file.name());
            assertTrue(instancePath.endsWith("/" + transcoded.dataset().string(Tags.SOPInstanceUID)), file.name());
            if (LOSSY.contains(file.syntax())) {
                assertEquals("01", transcoded.dataset().string(Tags.LossyImageCompression), file.name());
            }
            Path written = transcodedDir.resolve(file.name());
            Files.write(written, instance.get(0).body());
            Process dcmdump = new ProcessBuilder("dcmdump", "-q", written.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            assertEquals(0, dcmdump.waitFor(), file.name() + ": dcmdump cannot parse the transcoded instance");
            toCheck.append(written.toAbsolutePath()).append('\t').append(path).append('\n');
            report.put(file.name(), outcome + "; instance " + transcoded.dataset().string(Tags.PhotometricInterpretation));
        }
        for (String line : python(resource("pydicom_transcoded.py"), toCheck.toString()).split("\n")) {
            String[] f = line.split("\t");
            String name = f[0];
            assertTrue(f.length >= 4 && !f[1].equals("unreadable"), "pydicom cannot read the transcoded " + line);
            assertEquals(EXPLICIT_LE, f[1], name);
            if (f[3].equals("compared")) {
                long max = Long.parseLong(f[4]);
                double mean = Double.parseDouble(f[5]);
                String syntax = compressed.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow().syntax();
                assertTrue(LOSSY.contains(syntax) ? mean <= 1.0 : max == 0,
                        name + ": pydicom reads the transcoded pixels " + max + " / " + mean + " off the original's");
            }
            report.merge(name, " | pydicom reads the transcoded instance (" + f[2] + "): " + String.join(" ",
                    List.of(f).subList(3, f.length)), String::concat);
        }
        System.out.println("WADO-RS transcoding of pydicom's compressed files:\n  " + report.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n  ")));
        long transcoded = framesByName.size();
        assertTrue(compressed.size() >= 33 && transcoded >= 28, "transcoded " + transcoded + " files: " + report);
    }

    @Test
    void negotiationPrefersTheStoredSyntaxAndExplainsRefusals() throws Exception {
        String rle = storeUnderNewUids(Files.readAllBytes(WadoCorpus.FILES.resolve("MR_small_RLE.dcm")));
        String frame = rle + "/frames/1";
        // transfer-syntax=* and the stored syntax are as stored; Explicit VR Little Endian is decoded.
        given().accept("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*").get(frame).then()
                .statusCode(200);
        assertEquals("image/x-dicom-rle; transfer-syntax=1.2.840.10008.1.2.5", WadoResourceTest.parts(
                given().accept("multipart/related; type=\"image/x-dicom-rle\"").get(frame)).get(0).contentType());
        assertEquals("application/octet-stream; transfer-syntax=" + EXPLICIT_LE,
                WadoResourceTest.parts(given().accept("multipart/related; type=application/octet-stream").get(frame))
                        .get(0).contentType());
        // Equal quality: the cheapest (as stored) wins, whatever the order; a higher quality wins over cost.
        String both = NATIVE_FRAMES + ", multipart/related; type=\"image/x-dicom-rle\"";
        assertEquals("image/x-dicom-rle; transfer-syntax=1.2.840.10008.1.2.5",
                WadoResourceTest.parts(given().accept(both).get(frame)).get(0).contentType());
        String preferDecoded = NATIVE_FRAMES + ", multipart/related; type=\"image/x-dicom-rle\"; q=0.5";
        assertEquals("application/octet-stream; transfer-syntax=" + EXPLICIT_LE,
                WadoResourceTest.parts(given().accept(preferDecoded).get(frame)).get(0).contentType());
        // One frame as a single body, with its length.
        byte[] single = given().accept("application/octet-stream; transfer-syntax=" + EXPLICIT_LE).get(frame).then()
                .statusCode(200).contentType("application/octet-stream; transfer-syntax=" + EXPLICIT_LE)
                .header("Content-Length", "8192").extract().asByteArray();
        assertEquals(8192, single.length);
        // Pixel Data as bulk data follows the same rules: decoded, one native value.
        byte[] bulk = given().accept("application/octet-stream; transfer-syntax=" + EXPLICIT_LE)
                .get(rle + "/bulkdata/7FE00010").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(single, bulk);
        // Tessera encodes nothing: JPEG 2000 of RLE data is refused, naming the syntax.
        given().accept("multipart/related; type=\"image/jp2\"; transfer-syntax=1.2.840.10008.1.2.4.90").get(frame)
                .then().statusCode(406).body("error", allOf(containsString("does not encode image/jp2"),
                        containsString("RLE Lossless")));
        given().accept("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50")
                .get(rle).then().statusCode(406).body("error", containsString("does not encode"));

        String jpegLs = storeUnderNewUids(Files.readAllBytes(WadoCorpus.FILES.resolve("MR_small_jpeg_ls_lossless.dcm")));
        given().accept(NATIVE_FRAMES).get(jpegLs + "/frames/1").then().statusCode(406)
                .body("error", allOf(containsString("JPEG-LS Lossless"), containsString("cannot decode")));
        given().accept(NATIVE_INSTANCE).get(jpegLs).then().statusCode(406)
                .body("error", containsString("1.2.840.10008.1.2.4.80"));

        // The fast path: an instance stored as asked is sent byte for byte; one stored otherwise is re-encoded.
        WadoCorpus.Entry ct = WadoCorpus.named("CT_small.dcm");
        assertEquals(ct.sha256(), WadoCorpus.sha256(given().accept("application/dicom; transfer-syntax=" + EXPLICIT_LE)
                .get(ct.instancePath()).then().statusCode(200).extract().asByteArray()));
        byte[] implicit = Files.readAllBytes(WadoCorpus.FILES.resolve("MR_small_implicit.dcm"));
        byte[] reencoded = given().accept("application/dicom").get(storeUnderNewUids(implicit)).then().statusCode(200)
                .contentType("application/dicom; transfer-syntax=" + EXPLICIT_LE).extract().asByteArray();
        DicomFile explicit = new DicomReader(new ByteArrayInputStream(reencoded)).read();
        assertEquals(EXPLICIT_LE, explicit.transferSyntax().uid());
        DicomFile source = new DicomReader(new ByteArrayInputStream(implicit)).read();
        assertArrayEquals(((Value.Bytes) source.dataset().get(Tags.PixelData)).bytes(),
                ((Value.Bytes) explicit.dataset().get(Tags.PixelData)).bytes());
        // Big-endian native data: frames and instance byte-swapped to Explicit VR Little Endian.
        byte[] littleEndian = ((Value.Bytes) new DicomReader(new ByteArrayInputStream(
                Files.readAllBytes(WadoCorpus.FILES.resolve("MR_small.dcm")))).read().dataset().get(Tags.PixelData)).bytes();
        String bigEndian = storeUnderNewUids(Files.readAllBytes(WadoCorpus.FILES.resolve("MR_small_bigendian.dcm")));
        assertArrayEquals(littleEndian, given().accept("application/octet-stream; transfer-syntax=" + EXPLICIT_LE)
                .get(bigEndian + "/frames/1").then().statusCode(200).extract().asByteArray());
        DicomFile swapped = new DicomReader(new ByteArrayInputStream(given().accept("application/dicom")
                .get(bigEndian).then().statusCode(200).extract().asByteArray())).read();
        assertEquals(EXPLICIT_LE, swapped.transferSyntax().uid());
        assertArrayEquals(littleEndian, ((Value.Bytes) swapped.dataset().get(Tags.PixelData)).bytes());
        // A study asked as Explicit VR Little Endian: multipart, the instance transcoded in its part.
        String study = rle.substring(0, rle.indexOf("/series/"));
        List<WadoResourceTest.Part> studyParts = WadoResourceTest.parts(given().accept(NATIVE_INSTANCE).get(study));
        assertEquals(1, studyParts.size());
        assertEquals("application/dicom; transfer-syntax=" + EXPLICIT_LE, studyParts.get(0).contentType());
        assertEquals(EXPLICIT_LE, new DicomReader(new ByteArrayInputStream(studyParts.get(0).body())).read()
                .transferSyntax().uid());
        // Metadata keeps describing the stored instance.
        given().accept("application/dicom+json").get(rle + "/metadata").then().statusCode(200)
                .body("[0].'00083002'.Value[0]", org.hamcrest.Matchers.equalTo("1.2.840.10008.1.2.5"));
    }

    /**
     * Stores a file through STOW-RS with new Study, Series and SOP Instance UIDs of the same lengths, written over
     * the old ones in place (several pydicom files share UIDs, and other test classes store the originals), so
     * every other byte, pixel data included, is as shipped. Returns the instance's WADO-RS path.
     */
    private static String storeUnderNewUids(byte[] file) throws Exception {
        DicomFile parsed = new DicomReader(new ByteArrayInputStream(file), HEADER_ONLY).read();
        byte[] renamed = file.clone();
        List<String> uids = new ArrayList<>();
        for (int tag : new int[] {Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID}) {
            String old = parsed.dataset().string(tag).trim();
            String fresh = sameLengthUid(old);
            replaceUid(renamed, old, fresh);
            uids.add(fresh);
        }
        Response stored = given().header("Authorization", "Bearer test-admin-token")
                .contentType("multipart/related; type=\"application/dicom\"; boundary=wadotest")
                .body(WadoCorpus.multipart(renamed)).post("/dicomweb/studies");
        assertEquals(200, stored.statusCode(), uids + ": " + stored.header("Warning"));
        return "/dicomweb/studies/" + uids.get(0) + "/series/" + uids.get(1) + "/instances/" + uids.get(2);
    }

    /** The UID with the digits after its first component drawn anew (same component lengths, no leading 0). */
    private static String sameLengthUid(String uid) {
        java.util.Random random = new java.util.Random();
        StringBuilder fresh = new StringBuilder(uid.length());
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            boolean firstComponent = uid.indexOf('.') > i;
            boolean componentStart = i > 0 && uid.charAt(i - 1) == '.';
            boolean singleDigit = componentStart && (i + 1 == uid.length() || uid.charAt(i + 1) == '.');
            if (c == '.' || firstComponent || singleDigit) {
                fresh.append(c);
            } else {
                fresh.append((char) ((componentStart ? '1' : '0') + random.nextInt(componentStart ? 9 : 10)));
            }
        }
        return fresh.toString();
    }

    /**
     * Replaces every occurrence of a UID's ASCII bytes not followed by more of a UID (what precedes a value is its
     * length, which may well be a digit or '.').
     */
    private static void replaceUid(byte[] bytes, String old, String fresh) {
        byte[] from = old.getBytes(StandardCharsets.US_ASCII);
        byte[] to = fresh.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)
                    && (i + from.length == bytes.length || !isUidChar(bytes[i + from.length]))) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }

    private static boolean isUidChar(byte b) {
        return b == '.' || (b >= '0' && b <= '9');
    }

    /** "equal" or the mean difference, after asserting pydicom's criteria. */
    private static String compare(Decoded file, Path oracle, byte[] frames, PixelModule module) throws Exception {
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(oracle.resolve(file.name() + ".raw")))
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] expected = new long[raw.remaining() / 8];
        raw.asLongBuffer().get(expected);
        long[] actual = PydicomDecodeTest.values(frames, module);
        assertEquals(expected.length, actual.length, file.name() + ": sample count");
        long max = 0;
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            long d = Math.abs(expected[i] - actual[i]);
            max = Math.max(max, d);
            sum += d;
        }
        double mean = sum / expected.length;
        if (LOSSY.contains(file.syntax())) {
            assertTrue(mean <= 1.0, file.name() + ": mean difference " + mean);
        } else {
            assertEquals(0, max, file.name() + ": lossless frames differ from pydicom's");
        }
        return String.format("frames vs pydicom (%s %s): max |diff| %d, mean %.4f", file.syntax(), file.photometric(),
                max, mean);
    }

    private static List<Decoded> pydicomPixels(Path oracle) throws Exception {
        try (InputStream in = PydicomDecodeTest.class.getResourceAsStream("pydicom_pixels.py")) {
            Path script = Files.createTempFile("pydicom_pixels", ".py");
            Files.write(script, in.readAllBytes());
            Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), WadoCorpus.FILES.toString(),
                    oracle.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), output);
        }
        List<Decoded> decoded = new ArrayList<>();
        for (String line : Files.readAllLines(oracle.resolve("index.tsv"))) {
            String[] f = line.split("\t");
            decoded.add(new Decoded(f[0], f[1], f[2], f[3]));
        }
        return decoded;
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = WadoTranscodingTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String python(String script, String input) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/python3", "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.strip();
    }
}
