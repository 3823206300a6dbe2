package io.tessera.dicomweb.stow;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How STOW reads its request body off the connection ({@link RequestBodyStream}), over raw sockets: bodies in many
 * small chunks, {@code Expect: 100-continue}, two requests on one kept-alive connection, and a client that goes away
 * in the middle of a part.
 */
@QuarkusTest
class StowRequestBodyTest {

    @Test
    void aChunkedBodyInManySmallPiecesIsStoredWhole() throws IOException {
        String study = TestInstances.newUid();
        TestInstances.Multipart body = new TestInstances.Multipart();
        for (int i = 0; i < 3; i++) {
            body.dicom(TestInstances.instance(study, TestInstances.newUid(), TestInstances.newUid(), 256, 256, i));
        }
        try (Connection connection = new Connection()) {
            connection.send(head(body, "Transfer-Encoding: chunked"));
            byte[] bytes = body.bytes();
            for (int offset = 0; offset < bytes.length; offset += 1000) { // hundreds of buffers, many window refills
                int length = Math.min(1000, bytes.length - offset);
                connection.send(ascii(Integer.toHexString(length) + "\r\n"));
                connection.send(Arrays.copyOfRange(bytes, offset, offset + length));
                connection.send(ascii("\r\n"));
            }
            connection.send(ascii("0\r\n\r\n"));
            assertEquals(200, connection.status());
        }
        assertEquals(3, instancesOf(study));
    }

    @Test
    void aClientThatExpects100ContinueIsAskedForItsBody() throws IOException {
        String study = TestInstances.newUid();
        try (Connection connection = new Connection()) {
            byte[] bytes = connection.sendHead(oneInstance(study, 64, 1), "\r\nExpect: 100-continue");
            assertEquals(100, connection.status(), "sent before the body");
            connection.send(bytes);
            assertEquals(200, connection.status());
        }
        assertEquals(1, instancesOf(study));
    }

    @Test
    void aKeptAliveConnectionCarriesTheNextRequestAfterABodyWithAnEpilogue() throws IOException {
        String study = TestInstances.newUid();
        try (Connection connection = new Connection()) {
            for (int i = 0; i < 2; i++) {
                TestInstances.Multipart body = oneInstance(study, 64, i);
                byte[] bytes = concat(body.bytes(), ascii("an epilogue, which RFC 2046 says to ignore\r\n"));
                connection.send(head(body, "Content-Length: " + bytes.length));
                connection.send(bytes);
                assertEquals(200, connection.status(), "request " + (i + 1));
                connection.skipBody();
            }
        }
        assertEquals(2, instancesOf(study));
    }

    @Test
    void aClientGoneInThePartStoresNothingOfItAndTheServerGoesOn() throws IOException {
        String study = TestInstances.newUid();
        try (Connection connection = new Connection()) {
            byte[] bytes = connection.sendHead(oneInstance(study, 512, 1), "");
            connection.send(Arrays.copyOf(bytes, bytes.length / 2));
        } // closed in the middle of the only part
        TestInstances.Multipart next = oneInstance(study, 16, 2);
        given().header("Authorization", TestInstances.ADMIN_TOKEN).contentType(next.contentType()).body(next.bytes())
                .post("/dicomweb/studies").then().statusCode(200);
        assertEquals(1, instancesOf(study), "only the instance of the second request");
    }

    /** A body of one square instance of {@code size} pixels a side, in a series of its own. */
    private static TestInstances.Multipart oneInstance(String study, int size, int seed) {
        return new TestInstances.Multipart()
                .dicom(TestInstances.instance(study, TestInstances.newUid(), TestInstances.newUid(), size, size, seed));
    }

    private static int instancesOf(String study) {
        String count = given().get("/dicomweb/studies?StudyInstanceUID=" + study).then().statusCode(200)
                .extract().path("[0].'00201208'.Value[0]").toString();
        return Integer.parseInt(count);
    }

    private static byte[] head(TestInstances.Multipart body, String framing) {
        return ascii("POST /dicomweb/studies HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestInstances.ADMIN_TOKEN
                + "\r\nContent-Type: " + body.contentType() + "\r\n" + framing + "\r\n\r\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** One HTTP/1.1 connection, written and read by hand. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private int contentLength;
        private boolean chunked;

        Connection() throws IOException {
            socket = new Socket("localhost", RestAssured.port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Sends the head of a POST of {@code body}, its Content-Length and {@code more} headers; returns the body. */
        byte[] sendHead(TestInstances.Multipart body, String more) throws IOException {
            byte[] bytes = body.bytes();
            send(head(body, "Content-Length: " + bytes.length + more));
            return bytes;
        }

        /** The status of the next response; reads its head, and remembers how its body is framed. */
        int status() throws IOException {
            String statusLine = line();
            contentLength = 0;
            chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    contentLength = Integer.parseInt(header.substring(15).trim());
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            assertTrue(statusLine.startsWith("HTTP/1.1 "), statusLine);
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        void skipBody() throws IOException {
            if (!chunked) {
                assertEquals(contentLength, in.readNBytes(contentLength).length);
                return;
            }
            for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                assertEquals(size, in.readNBytes(size).length);
                line();
            }
            line(); // the empty line after the last chunk
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
