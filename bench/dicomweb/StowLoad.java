import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Sends every .dcm file of a folder by STOW-RS, BATCH instances per multipart request, THREADS requests at a time,
 * and prints instances per second. The same client is used for every server, so only the server differs.
 *
 * Run: java bench/dicomweb/StowLoad.java STUDIES_URL CORPUS_DIR THREADS BATCH [BEARER_TOKEN]
 */
public class StowLoad {
    private static final String BOUNDARY = "tessera-bench-boundary-7d3f";

    public static void main(String[] args) throws Exception {
        URI studies = URI.create(args[0]);
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of(args[1]))) {
            files = listing.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        int threads = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        String token = args.length > 4 ? args[4] : null;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i += batch) {
            List<Path> chunk = files.subList(i, Math.min(files.size(), i + batch));
            results.add(pool.submit(() -> send(client, studies, chunk, token)));
        }
        int failed = 0;
        for (Future<Integer> result : results) {
            int status = result.get();
            if (status != 200) {
                failed++;
                System.err.println("STOW answered " + status);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("stow: %.1f instances/s (%d instances, %d requests failed, %.1f s)%n",
                files.size() / seconds, files.size(), failed, seconds);
    }

    private static int send(HttpClient client, URI studies, List<Path> files, String token)
            throws IOException, InterruptedException {
        // Bodies of a batch of ~5 MB are built in memory: the client's cost stays out of the server's time.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Path file : files) {
            body.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(Files.readAllBytes(file));
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(studies)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
