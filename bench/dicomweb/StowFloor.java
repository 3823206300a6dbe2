import com.sun.net.httpserver.HttpServer;
import io.tessera.dicom.multipart.MultipartRelatedReader;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The least a STOW-RS server can do, to show what this machine allows: it reads each part of a multipart request
 * (Tessera's reader), writes it to a new file with its SHA-256, and answers 200 with the digests. No DICOM parsing,
 * no index, no metadata. Each file and its folder are synced before the answer, on a pool so that the next part is
 * read meanwhile (Tessera and Orthanc too make what they store durable); requests to a path under /nosync only write.
 *
 * Usage: java -cp target/classes bench/dicomweb/StowFloor.java DIR PORT
 */
public class StowFloor {
    private static final ExecutorService SYNCS = Executors.newFixedThreadPool(16);

    public static void main(String[] args) throws Exception {
        Path root = Files.createDirectories(Path.of(args[0]));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("POST")) { // the script's readiness probe
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                boolean sync = !exchange.getRequestURI().getPath().startsWith("/nosync");
                String boundary = exchange.getRequestHeaders().getFirst("Content-Type").replaceAll(".*boundary=", "");
                StringBuilder digests = new StringBuilder("[");
                List<Future<Object>> pendingSyncs = new ArrayList<>();
                try (MultipartRelatedReader reader =
                             new MultipartRelatedReader(new BufferedInputStream(exchange.getRequestBody(), 65536), boundary)) {
                    for (MultipartRelatedReader.Part part; (part = reader.next()) != null; ) {
                        Path folder = Files.createDirectories(root.resolve(Integer.toString(part.number() % 16)));
                        Path file = folder.resolve(UUID.randomUUID().toString());
                        digests.append(digests.length() > 1 ? ",\"" : "\"").append(write(part.body(), file)).append('"');
                        if (sync) {
                            pendingSyncs.add(SYNCS.submit(() -> syncFileAndFolder(file, folder)));
                        }
                    }
                    for (Future<Object> pending : pendingSyncs) {
                        pending.get();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                byte[] body = digests.append(']').toString().getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    private static String write(InputStream content, Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (content; FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = content.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                out.write(ByteBuffer.wrap(buffer, 0, n));
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static Object syncFileAndFolder(Path file, Path folder) throws Exception {
        try (FileChannel written = FileChannel.open(file, StandardOpenOption.READ)) {
            written.force(false);
        }
        try (FileChannel entries = FileChannel.open(folder, StandardOpenOption.READ)) {
            entries.force(true);
        }
        return null;
    }
}
