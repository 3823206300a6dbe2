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
 * {@code tcia} lists series, as the NBIA Data Retriever downloads series; the other formats list instances. The
 * manifest of a published version takes the collection's metadata from the version, points every URL at the
 * version's copy of the file, and shows its withdrawn instances as tombstones (json, s5cmd; docs/versions.md).
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
     * @param itemUrl the item URLs: {@link #serverUrl} on this server, or presigned object-store URLs
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

    /** Where one instance of a published version is served, for as long as the version holds it. */
    static String versionFileUrl(String baseUrl, String slug, int version, String sopUid) {
        return baseUrl + "/api/collections/" + slug + "/versions/" + version + "/instances/" + sopUid + "/file";
    }

    /** This server's URL of one item of {@code selection}: the version's copy when the selection is a version. */
    static String serverUrl(String baseUrl, DownloadSelection selection, DownloadItem item) {
        return selection.version() == null ? fileUrl(baseUrl, item.sopUid())
                : versionFileUrl(baseUrl, selection.collection().slug, selection.version().number, item.sopUid());
    }

    void write(ManifestFormat format, DownloadSelection selection, OutputStream out) throws IOException {
        switch (format) {
            case JSON -> writeJson(selection, out);
            case CSV -> writeLines(selection, out, CSV_HEADER + "\r\n", item -> csvRow(item));
            case S5CMD -> writeS5cmd(selection, out);
            case TCIA -> writeTcia(selection, out);
        }
    }

    private void writeJson(DownloadSelection selection, OutputStream out) throws IOException {
        CollectionEntity c = selection.collection();
        CollectionVersionEntity v = selection.version();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("collection", c.slug);
            generator.writeStringField("doi", v == null ? c.doi : v.citedDoi());
            if (v != null) {
                generator.writeNumberField("version", v.number);
            }
            generator.writeObjectFieldStart("license");
            generator.writeStringField("name", v == null ? c.licenseName : v.licenseName);
            generator.writeStringField("url", v == null ? c.licenseUrl : v.licenseUrl);
            generator.writeEndObject();
            generator.writeArrayFieldStart("items");
            index.forEach(selection, item -> {
                generator.writeStartObject();
                generator.writeStringField("path", item.path());
                generator.writeStringField("url", itemUrl.of(item));
                generator.writeNumberField("size", item.size());
                generator.writeStringField("sha256", item.sha256());
                writeUids(generator, item);
                generator.writeEndObject();
            });
            generator.writeEndArray();
            boolean[] any = {false};
            index.forEachWithdrawn(selection, tombstone -> {
                if (!any[0]) {
                    generator.writeArrayFieldStart("withdrawn");
                    any[0] = true;
                }
                generator.writeStartObject();
                generator.writeStringField("path", tombstone.item().path());
                writeUids(generator, tombstone.item());
                generator.writeStringField("withdrawn", tombstone.withdrawnAt().toString());
                generator.writeStringField("note", tombstone.note());
                generator.writeEndObject();
            });
            if (any[0]) {
                generator.writeEndArray();
            }
            generator.writeEndObject();
        }
    }

    private static void writeUids(JsonGenerator generator, DownloadItem item) throws IOException {
        generator.writeStringField("studyInstanceUID", item.studyUid());
        generator.writeStringField("seriesInstanceUID", item.seriesUid());
        generator.writeStringField("sopInstanceUID", item.sopUid());
    }

    private String csvRow(DownloadItem item) throws IOException {
        StringBuilder row = new StringBuilder();
        Csv.writeRecord(row, item.path(), itemUrl.of(item), String.valueOf(item.size()),
                item.sha256(), item.studyUid(), item.seriesUid(), item.sopUid());
        return row.toString();
    }

    /** {@code cp} lines, then a comment line per withdrawn instance (a tombstone the shell loop skips). */
    private void writeS5cmd(DownloadSelection selection, OutputStream out) throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        text.write(s5cmdHeader(selection.collection()));
        index.forEach(selection, item -> text.write("cp " + itemUrl.of(item) + " " + item.path() + "\n"));
        index.forEachWithdrawn(selection, tombstone -> text.write("# WITHDRAWN " + tombstone.item().path() + " "
                + tombstone.withdrawnAt() + " " + tombstone.note().replaceAll("\\s+", " ") + "\n"));
        text.flush();
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
                + "databasketId=manifest-" + selection.collection().slug
                + (selection.version() == null ? "" : "-v" + selection.version().number) + ".tcia\n"
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
