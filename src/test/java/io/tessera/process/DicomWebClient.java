package io.tessera.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** A plain HTTP/1.1 DICOMweb client for the process tests (java.net.http, Jackson for JSON). */
public final class DicomWebClient {
    public static final String ACCEPT_DICOM_AS_STORED = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    public static final String ACCEPT_OCTETS_AS_STORED =
            "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    public DicomWebClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static DicomWebClient of(TesseraProcess server) {
        return new DicomWebClient(server.baseUrl(), server.adminToken());
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** STOW-RS of the given instances in one multipart/related request, streamed (chunked). */
    public HttpResponse<String> stow(List<Supplier<InputStream>> instances) throws IOException, InterruptedException {
        String boundary = "tessera-it-" + UUID.randomUUID();
        return stowBody(() -> Multipart.body(boundary, "application/dicom", instances), boundary);
    }

    /** STOW-RS of a prepared body (so a test can throttle or pause it). */
    public HttpResponse<String> stowBody(Supplier<InputStream> body, String boundary)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/dicomweb/studies"))
                .header("Content-Type", Multipart.contentType(boundary, "application/dicom"))
                .header("Accept", "application/dicom+json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).timeout(Duration.ofMinutes(2))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<InputStream> getStream(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** GET of a URL the server handed out (e.g. a BulkDataURI), with request headers as name, value pairs; streamed. */
    public HttpResponse<InputStream> getUrl(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/").resolve(url)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** QIDO-RS; an empty array for 204 No Content. Fails on any other status than 200/204. */
    public JsonNode qido(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery, "application/dicom+json");
        if (response.statusCode() == 204 || (response.statusCode() == 200 && response.body().isBlank())) {
            return JSON.createArrayNode();
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("QIDO " + pathAndQuery + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The first string value of a tag (8 hex digits) in a DICOM JSON object, or null. */
    public static String string(JsonNode dataset, String tag) {
        JsonNode value = dataset.path(tag).path("Value");
        return value.isArray() && !value.isEmpty() ? value.get(0).asText() : null;
    }

    /** What a whole-body retrieve returned: status, part count, and each part's length and SHA-256. */
    public record Retrieved(int status, String contentType, List<Long> lengths, List<String> sha256s, String error) {
        public boolean ok() {
            return status == 200 && error == null;
        }
    }

    /** WADO-RS retrieve of a multipart/related resource, hashing each part as it streams (never held in memory). */
    public Retrieved retrieve(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = getStream(path, accept);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        List<Long> lengths = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                return new Retrieved(response.statusCode(), contentType, lengths, hashes,
                        new String(body.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8));
            }
            try (Multipart.Reader reader = new Multipart.Reader(body, Multipart.boundaryOf(contentType))) {
                byte[] buffer = new byte[1 << 16];
                for (Multipart.Part part; (part = reader.next()) != null; ) {
                    MessageDigest digest = SyntheticInstance.sha256Digest();
                    long length = 0;
                    for (int n; (n = part.body().read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                        length += n;
                    }
                    lengths.add(length);
                    hashes.add(HexFormat.of().formatHex(digest.digest()));
                }
            } catch (IOException | IllegalArgumentException e) {
                return new Retrieved(response.statusCode(), contentType, lengths, hashes, e.toString());
            }
        }
        return new Retrieved(response.statusCode(), contentType, lengths, hashes, null);
    }

    /** The parts of a small multipart/related response as byte arrays; fails unless 200. */
    public List<byte[]> retrieveParts(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = getStream(path, accept);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(body.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8));
            }
            try (Multipart.Reader reader = new Multipart.Reader(body, Multipart.boundaryOf(contentType))) {
                return reader.readAll();
            }
        }
    }
}
