package io.tessera.collections;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.index.CollectionEntity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a manifest while the selection's rows stream by; see docs/downloads.md for what each format means.
 * <p>
 * {@code tcia} lists series, as the NBIA Data Retriever downloads series; the other formats list instances.
 */
final class ManifestWriter {
    static final String CSV_HEADER =
            "path,url,size,sha256,studyInstanceUID,seriesInstanceUID,sopInstanceUID";

    private final ObjectMapper json;
    private final DownloadIndex index;
    private final String baseUrl;
    private final ItemUrl itemUrl;

    /** Where a manifest sends the download of one item. */
    @FunctionalInterface
    interface ItemUrl {
        String of(DownloadItem item) throws IOException;
    }

    /**
     * @param baseUrl the server's address as the client sees it, without a trailing slash
     * @param itemUrl the item URLs: {@link #fileUrl} on this server, or presigned object-store URLs
     */
    ManifestWriter(ObjectMapper json, DownloadIndex index, String baseUrl, ItemUrl itemUrl) {
        this.json = json;
        this.index = index;
        this.baseUrl = baseUrl;
        this.itemUrl = itemUrl;
    }

    /** Where one instance's stored bytes are served (with Content-Length, ETag and Range). */
    static String fileUrl(String baseUrl, String sopUid) {
        return baseUrl + "/api/instances/" + sopUid + "/file";
    }

    void write(ManifestFormat format, DownloadSelection selection, OutputStream out) throws IOException {
        switch (format) {
            case JSON -> writeJson(selection, out);
            case CSV -> writeLines(selection, out, CSV_HEADER + "\r\n", item -> csvRow(item));
            case S5CMD -> writeLines(selection, out, s5cmdHeader(selection.collection()),
                    item -> "cp " + itemUrl.of(item) + " " + item.path() + "\n");
            case TCIA -> writeTcia(selection, out);
        }
    }

    private void writeJson(DownloadSelection selection, OutputStream out) throws IOException {
        CollectionEntity c = selection.collection();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("collection", c.slug);
            generator.writeStringField("doi", c.doi);
            generator.writeObjectFieldStart("license");
            generator.writeStringField("name", c.licenseName);
            generator.writeStringField("url", c.licenseUrl);
            generator.writeEndObject();
            generator.writeArrayFieldStart("items");
            index.forEach(selection, item -> {
                generator.writeStartObject();
                generator.writeStringField("path", item.path());
                generator.writeStringField("url", itemUrl.of(item));
                generator.writeNumberField("size", item.size());
                generator.writeStringField("sha256", item.sha256());
                generator.writeStringField("studyInstanceUID", item.studyUid());
                generator.writeStringField("seriesInstanceUID", item.seriesUid());
                generator.writeStringField("sopInstanceUID", item.sopUid());
                generator.writeEndObject();
            });
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    private String csvRow(DownloadItem item) throws IOException {
        StringBuilder row = new StringBuilder();
        Csv.writeRecord(row, item.path(), itemUrl.of(item), String.valueOf(item.size()),
                item.sha256(), item.studyUid(), item.seriesUid(), item.sopUid());
        return row.toString();
    }

    private String s5cmdHeader(CollectionEntity collection) {
        return "# " + collection.slug + " from " + baseUrl + ": one 'cp <url> <path>' line per file.\n"
                + "# The URLs are HTTP(S), not s3://: feed the lines to curl or the Tessera downloader"
                + " (see docs/downloads.md), e.g.\n"
                + "#   grep '^cp ' manifest.s5cmd | while read -r _ url path; do"
                + " curl -fsS --create-dirs -o \"$path\" \"$url\"; done\n";
    }

    @FunctionalInterface
    private interface Line {
        String of(DownloadItem item) throws IOException;
    }

    private void writeLines(DownloadSelection selection, OutputStream out, String header, Line line)
            throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        text.write(header);
        index.forEach(selection, item -> text.write(line.of(item)));
        text.flush();
    }

    /** The six header keys in NBIA's order, then each series once (rows come grouped by series). */
    private void writeTcia(DownloadSelection selection, OutputStream out) throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        text.write("downloadServerUrl=" + baseUrl + "/nbia-download/servlet/DownloadServlet\n"
                + "includeAnnotation=true\n"
                + "noOfrRetry=4\n"
                + "databasketId=manifest-" + selection.collection().slug + ".tcia\n"
                + "manifestVersion=3.0\n"
                + "ListOfSeriesToDownload=\n");
        String[] last = {null};
        index.forEach(selection, item -> {
            if (!item.seriesUid().equals(last[0])) {
                text.write(item.seriesUid() + "\n");
                last[0] = item.seriesUid();
            }
        });
        text.flush();
    }
}
