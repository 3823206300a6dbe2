package io.tessera.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.tessera.dicomweb.stow.TestInstances;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Malformed, lying and oversized requests, each answered 4xx (never 5xx); afterwards nothing was stored and the
 * server still serves. Runs with small size limits so that the 413 cases stay cheap.
 */
@QuarkusTest
@TestProfile(HostileInputTest.SmallLimits.class)
class HostileInputTest {
    private static final String ADMIN = SecurityFixtures.ADMIN;
    private static final String SC = TestInstances.SECONDARY_CAPTURE;
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";

    /** Instances above 256 KiB and /api bodies above 64 KiB are refused. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tessera.ingest.max-instance-bytes", "262144", "tessera.api.max-body-bytes", "65536");
        }
    }

    /**
     * One hostile request: what it is, and how to send it, through REST Assured or, for a body the server refuses
     * before reading it all (the client then cannot finish writing), over a raw socket that reads the answer anyway.
     */
    private record Attack(String name, Supplier<io.restassured.response.Response> send, IntSupplier rawStatus) {
        Attack(String name, Supplier<io.restassured.response.Response> send) {
            this(name, send, null);
        }

        int status() {
            return rawStatus != null ? rawStatus.getAsInt() : send.get().statusCode();
        }
    }

    @Test
    void everyHostileRequestIsRefusedWith4xxAndNothingIsStored() throws IOException {
        List<Attack> attacks = attacks();
        assertTrue(attacks.size() >= 50, "only " + attacks.size() + " attacks");
        int instancesBefore = storedInstances();
        long objectsBefore = objectFiles();

        List<String> wrong = new ArrayList<>();
        for (Attack attack : attacks) {
            int status = attack.status();
            if (status < 400 || status >= 500) {
                wrong.add(attack.name() + " -> " + status);
            }
        }
        assertEquals(List.of(), wrong, "answered outside 4xx");
        assertEquals(instancesBefore, storedInstances(), "instances stored");
        assertEquals(objectsBefore, objectFiles(), "objects left in the store");
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/dicomweb/studies?limit=1").then().statusCode(200);
    }

    private List<Attack> attacks() {
        List<Attack> attacks = new ArrayList<>();
        byte[] valid = TestInstances.instance(TestInstances.newUid(), TestInstances.newUid(), TestInstances.newUid(),
                64, 64, 1);
        String uid = TestInstances.newUid();

        // Content types of STOW-RS
        stow(attacks, "no content type", null, valid);
        stow(attacks, "text/plain", "text/plain", valid);
        stow(attacks, "json", "application/json", valid);
        stow(attacks, "form data", "multipart/form-data; boundary=x", valid);
        stow(attacks, "multipart without boundary", "multipart/related; type=\"application/dicom\"", valid);
        stow(attacks, "multipart of XML metadata", "multipart/related; type=\"application/dicom+xml\"; boundary=x", valid);
        stow(attacks, "unparseable media type", "multipart/related; ;;==; boundary", valid);
        stow(attacks, "boundary of 200 characters", "multipart/related; boundary=" + "b".repeat(200), valid);
        stow(attacks, "boundary with spaces unquoted", "multipart/related; boundary=a b c", valid);

        // Broken multipart bodies
        TestInstances.Multipart multipart = new TestInstances.Multipart().dicom(valid);
        stowMultipart(attacks, "no delimiter at all", multipart, "just some text".getBytes(StandardCharsets.US_ASCII));
        stowMultipart(attacks, "close delimiter only", multipart, ("--" + multipart.boundary + "--\r\n").getBytes());
        stowMultipart(attacks, "cut inside the part", multipart, multipart.truncated(2000));
        stowMultipart(attacks, "empty body", multipart, new byte[0]);
        stowMultipart(attacks, "part of text/plain", new TestInstances.Multipart().part("text/plain", valid), null);
        stowMultipart(attacks, "part of broken type", new TestInstances.Multipart().part("a/b/c;;", valid), null);
        stowMultipart(attacks, "part headers of 64 KiB",
                new TestInstances.Multipart().part("application/dicom\r\nX-Junk: " + "j".repeat(65536), valid), null);
        stowMultipart(attacks, "empty part", new TestInstances.Multipart().dicom(new byte[0]), null);
        stowMultipart(attacks, "part above the instance limit",
                new TestInstances.Multipart().dicom(Arrays.copyOf(valid, 300_000)), null);

        // Truncated and lying DICOM
        stow(attacks, "empty instance", "application/dicom", new byte[0]);
        stow(attacks, "DICM only", "application/dicom", preambleAndMagic());
        stow(attacks, "preamble without magic", "application/dicom", new byte[132]);
        stow(attacks, "meta cut short", "application/dicom", Arrays.copyOf(valid, 150));
        stow(attacks, "instance cut in its header", "application/dicom", Arrays.copyOf(valid, valid.length / 8));
        stow(attacks, "pixel data cut short", "application/dicom", Arrays.copyOf(valid, valid.length - 1000));
        stow(attacks, "element longer than the file", "application/dicom",
                part10(EXPLICIT_LE, cat(element(0x0008, 0x0016, "UI", SC), lyingElement())));
        stow(attacks, "no SOP Instance UID", "application/dicom", part10(EXPLICIT_LE, element(0x0008, 0x0016, "UI", SC)));
        stow(attacks, "SOP Instance UID with a path", "application/dicom",
                part10(EXPLICIT_LE, identifiers("../../etc/passwd", uid, uid)));
        stow(attacks, "SOP Instance UID of 200 digits", "application/dicom",
                part10(EXPLICIT_LE, identifiers("1." + "2".repeat(200), uid, uid)));
        stow(attacks, "unknown transfer syntax", "application/dicom", part10("1.2.3.4.5", identifiers(uid, uid, uid)));
        stow(attacks, "sequences nested 40 deep", "application/dicom",
                part10(EXPLICIT_LE, cat(identifiers(TestInstances.newUid(), uid, uid), nestedSequences(40))));
        stow(attacks, "deflate bomb", "application/dicom", deflateBomb());
        stow(attacks, "instance above the limit", "application/dicom", Arrays.copyOf(valid, 300_000));
        attacks.add(new Attack("study in the path differs", () -> given().header("Authorization", ADMIN)
                .contentType("application/dicom").body(valid).post("/dicomweb/studies/" + TestInstances.newUid())));

        // Path traversal and invalid UIDs in paths
        for (String path : List.of("/dicomweb/studies/..%2F..%2Fetc%2Fpasswd", "/dicomweb/studies/%2e%2e%2f%2e%2e%2fobjects/metadata", "/dicomweb/studies/1.2.3/series/..%5C..%5Cx",
                "/dicomweb/studies/1." + "9".repeat(70), "/dicomweb/studies/1.2.abc/metadata",
                "/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/0",
                "/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/abc",
                "/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/-1",
                "/dicomweb/studies/1.2/series/3.4/instances/5.6/bulkdata/..%2F..%2Findex",
                "/dicomweb/collections/..%2F..%2Fapi/studies", "/dicomweb/collections/%2e%2e%2f%2e%2e/studies",
                "/dicomweb/studies/1.2/series/3.4/instances/%00/metadata",
                "/api/collections/..%2F..%2Fetc", "/api/instances/..%2Fx/file",
                "/dicomweb/studies/" + "1.".repeat(40) + "1/rendered")) {
            get(attacks, path);
        }
        attacks.add(new Attack("STOW into a traversing study", () -> given().urlEncodingEnabled(false)
                .header("Authorization", ADMIN).contentType("application/dicom").body(valid)
                .post("/dicomweb/studies/..%2F..%2Ftmp")));

        // Absurd QIDO values
        for (String query : List.of("limit=-1", "limit=1e99", "limit=0", "limit=abc", "offset=abc",
                "offset=99999999999", "StudyDate=2020-13-45", "StudyDate=20201345", "StudyDate=2020-", "fuzzymatching=maybe",
                "StudyInstanceUID=..%2F..%2Fetc", "StudyInstanceUID=1.2.abc",
                "PatientName=" + "x".repeat(9000))) {
            get(attacks, "/dicomweb/studies?" + query);
        }
        get(attacks, "/dicomweb/series?SeriesNumber=many");
        attacks.add(new Attack("only XML accepted", () -> given().header("Accept", "application/dicom+xml")
                .get("/dicomweb/studies")));
        // The server answers these before it has read the whole request, so they go over a raw socket.
        attacks.add(new Attack("header of 40 KiB", null, () -> rawStatus(ascii("GET /dicomweb/studies HTTP/1.1\r\n"
                + "Host: localhost\r\nX-Junk: " + "h".repeat(40_000) + "\r\n\r\n"))));
        attacks.add(new Attack("query string of 10 KiB", null, () -> rawStatus(ascii("GET /dicomweb/studies?x="
                + "q".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))));

        // /api bodies
        String bigJson = "{\"title\": \"" + "t".repeat(100_000) + "\"}";
        attacks.add(new Attack("oversized JSON", () -> admin().contentType("application/json").body(bigJson)
                .put("/api/collections/hostile")));
        attacks.add(new Attack("oversized chunked JSON", null,
                () -> chunkedPutStatus("/api/collections/hostile", bigJson.getBytes(StandardCharsets.UTF_8))));
        attacks.add(new Attack("oversized label CSV", () -> admin().contentType("text/csv")
                .body("level,uid,label,value,reader\n" + ("STUDY,1.2.3,l,v,r\n").repeat(5000))
                .post("/api/collections/default/labels")));
        attacks.add(new Attack("malformed JSON", () -> admin().contentType("application/json").body("{\"title\": ")
                .put("/api/collections/hostile")));
        attacks.add(new Attack("collection as text", () -> admin().contentType("text/plain").body("title")
                .put("/api/collections/hostile")));
        attacks.add(new Attack("token with a bad permission", () -> admin().contentType("application/json")
                .body("{\"name\": \"x\", \"grants\": [{\"collection\": \"default\", \"permission\": \"ALL\"}]}")
                .post("/api/tokens")));
        attacks.add(new Attack("token without a name", () -> admin().contentType("application/json").body("{}")
                .post("/api/tokens")));
        attacks.add(new Attack("token that expired already", () -> admin().contentType("application/json")
                .body("{\"name\": \"x\", \"expiresAt\": \"2000-01-01T00:00:00Z\"}").post("/api/tokens")));
        attacks.add(new Attack("audit limit of text", () -> admin().get("/api/audit?limit=abc")));
        attacks.add(new Attack("audit since yesterday", () -> admin().get("/api/audit?since=yesterday")));
        attacks.add(new Attack("revoke a token named abc", () -> admin().delete("/api/tokens/abc")));
        attacks.add(new Attack("a bogus bearer token", () -> given().header("Authorization", "Bearer tsr_bogus")
                .get("/dicomweb/studies")));
        return attacks;
    }

    private static void stow(List<Attack> attacks, String name, String contentType, byte[] body) {
        attacks.add(new Attack(name, () -> {
            RequestSpecification request = admin().body(body);
            if (contentType != null) {
                request.contentType(contentType);
            } else {
                request.noContentType();
            }
            return request.post("/dicomweb/studies");
        }));
    }

    /** The multipart's parts, or {@code body} instead when given, under its content type. */
    private static void stowMultipart(List<Attack> attacks, String name, TestInstances.Multipart multipart, byte[] body) {
        attacks.add(new Attack(name, () -> admin().contentType(multipart.contentType())
                .body(body != null ? body : multipart.bytes()).post("/dicomweb/studies")));
    }

    private static void get(List<Attack> attacks, String path) {
        attacks.add(new Attack("GET " + path.substring(0, Math.min(path.length(), 80)),
                () -> admin().urlEncodingEnabled(false).get(path)));
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", ADMIN);
    }

    private static int storedInstances() {
        return admin().get("/dicomweb/instances?limit=10000").then().statusCode(200).extract().path("size()");
    }

    private static long objectFiles() throws IOException {
        Path objects = Path.of(ConfigProvider.getConfig().getValue("tessera.data-dir", String.class), "objects");
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** PUTs {@code body} chunked, without a Content-Length, and returns the status. */
    private static int chunkedPutStatus(String path, byte[] body) {
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(ascii("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ADMIN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int offset = 0; offset < body.length; offset += 4096) {
            int length = Math.min(4096, body.length - offset);
            pieces.add(cat(ascii(Integer.toHexString(length) + "\r\n"), Arrays.copyOfRange(body, offset, offset + length),
                    ascii("\r\n")));
        }
        pieces.add(ascii("0\r\n\r\n"));
        return rawStatus(pieces.toArray(byte[][]::new));
    }

    /** Writes {@code request} over a raw socket and returns the status, even if the server stops reading early. */
    private static int rawStatus(byte[]... request) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            try {
                OutputStream out = socket.getOutputStream();
                for (byte[] piece : request) {
                    out.write(piece);
                }
                out.flush();
            } catch (IOException refusedMidRequest) {
                // The server answered and closed before the request ended; its answer is still readable.
            }
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("no HTTP answer to a raw request", e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // --- Part 10 bytes, written by hand so that they can lie ---

    private static byte[] preambleAndMagic() {
        byte[] bytes = new byte[132];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, bytes, 128, 4);
        return bytes;
    }

    /** Preamble, magic and file meta (Explicit VR Little Endian) naming {@code syntax}, then {@code body} as is. */
    private static byte[] part10(String syntax, byte[] body) {
        byte[] meta = cat(element(0x0002, 0x0001, "OB", new byte[]{0, 1}), element(0x0002, 0x0002, "UI", SC),
                element(0x0002, 0x0003, "UI", TestInstances.newUid()), element(0x0002, 0x0010, "UI", syntax));
        byte[] groupLength = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 2)
                .putShort((short) 0).put("UL".getBytes(StandardCharsets.US_ASCII)).putShort((short) 4)
                .putInt(meta.length).array();
        return cat(preambleAndMagic(), groupLength, meta, body);
    }

    private static byte[] identifiers(String sop, String study, String series) {
        return cat(element(0x0008, 0x0016, "UI", SC), element(0x0008, 0x0018, "UI", sop),
                element(0x0020, 0x000D, "UI", study), element(0x0020, 0x000E, "UI", series));
    }

    private static byte[] element(int group, int number, String vr, String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        return element(group, number, vr, text.length % 2 == 0 ? text : Arrays.copyOf(text, text.length + 1));
    }

    private static byte[] element(int group, int number, String vr, byte[] value) {
        boolean longForm = vr.equals("OB") || vr.equals("SQ") || vr.equals("UN");
        ByteBuffer header = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) group).putShort((short) number).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            header.putShort((short) 0).putInt(value.length);
        } else {
            header.putShort((short) value.length);
        }
        return cat(header.array(), value);
    }

    /** Patient's Name claiming 65,000 bytes with ten behind it. */
    private static byte[] lyingElement() {
        byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x0010)
                .putShort((short) 0x0010).put("PN".getBytes(StandardCharsets.US_ASCII)).putShort((short) 65000).array();
        return cat(header, "Doe^John  ".getBytes(StandardCharsets.US_ASCII));
    }

    /** Sequences of undefined length, each in an item of the one before, {@code depth} deep. */
    private static byte[] nestedSequences(int depth) {
        ByteBuffer open = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x0040).putShort((short) 0xA730).put("SQ".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 0).putInt(-1)
                .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        ByteBuffer close = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0)
                .putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            out.writeBytes(open.array());
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(close.array());
        }
        return out.toByteArray();
    }

    /** A Deflated Explicit VR Little Endian instance whose 100 KB body inflates to 100 MB of Pixel Data. */
    private static byte[] deflateBomb() {
        byte[] pixelHeader = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x7FE0)
                .putShort((short) 0x0010).put("OB".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0)
                .putInt(100 << 20).array();
        String uid = TestInstances.newUid();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        deflater.setInput(cat(identifiers(uid, uid, uid), pixelHeader));
        drain(deflater, compressed, buffer, Deflater.NO_FLUSH);
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < 100; i++) {
            deflater.setInput(zeros);
            drain(deflater, compressed, buffer, Deflater.NO_FLUSH);
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return part10(DEFLATED, compressed.toByteArray());
    }

    private static void drain(Deflater deflater, ByteArrayOutputStream out, byte[] buffer, int flush) {
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, flush));
        }
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
