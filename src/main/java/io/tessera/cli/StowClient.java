package io.tessera.cli;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.json.DicomJsonReader;
import io.tessera.dicom.json.JsonReadOptions;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Sends files to a collection's STOW-RS endpoint as one multipart/related request, streamed from disk, and reads the
 * Store Instances Response. A response tells how many parts were stored, quarantined or refused, not which file each
 * referenced item came from (de-identification renames the UIDs), so per-file results come from one-file requests.
 */
final class StowClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final URI studies;
    private final String token;

    StowClient(URI server, String collection, String token) {
        this.studies = server.resolve("/dicomweb/collections/" + collection + "/studies");
        this.token = token;
    }

    /** The outcomes of a request: how many parts ended each way. */
    record Counts(int stored, int quarantined, int failed) {
        int total() {
            return stored + quarantined + failed;
        }
    }

    /** Sends the files in one request. */
    Counts send(List<Path> files) throws IOException, InterruptedException {
        String boundary = "tessera-import-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Path file : files) {
            parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary
                    + "\r\nContent-Type: application/dicom\r\n\r\n", StandardCharsets.US_ASCII));
            try {
                parts.add(HttpRequest.BodyPublishers.ofFile(file));
            } catch (FileNotFoundException e) {
                throw new IOException("cannot read " + file, e);
            }
            parts.add(HttpRequest.BodyPublishers.ofString("\r\n", StandardCharsets.US_ASCII));
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(studies)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=\"" + boundary + "\"")
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status != 200 && status != 202 && status != 409) {
            throw new IOException("STOW-RS answered " + status + ": "
                    + new String(response.body(), StandardCharsets.UTF_8).strip());
        }
        return countsOf(response.body(), files.size());
    }

    /** Referenced items without a Retrieve URL are quarantined; parts the response does not mention failed. */
    private static Counts countsOf(byte[] body, int sent) throws IOException {
        Dataset module = new DicomJsonReader(new ByteArrayInputStream(body), JsonReadOptions.DEFAULTS).read();
        List<Dataset> referenced = module.contains(Tags.ReferencedSOPSequence)
                ? module.items(Tags.ReferencedSOPSequence) : Collections.emptyList();
        int quarantined = (int) referenced.stream().filter(item -> !item.contains(Tags.RetrieveURL)).count();
        int stored = referenced.size() - quarantined;
        return new Counts(stored, quarantined, Math.max(0, sent - referenced.size()));
    }
}
