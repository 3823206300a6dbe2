package io.tessera.collections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cites a collection as a dataset, TCIA style: title, publisher, year of first publication here, version, DOI and
 * its doi.org URL (the collection page when there is no DOI), license.
 * <p>
 * Collections do not record their authors yet, so BibTeX and RIS carry none and DataCite, which requires a creator,
 * names the publisher as an organizational one.
 */
@ApplicationScoped
public class CitationWriter {
    private final ObjectMapper json;

    CitationWriter(ObjectMapper json) {
        this.json = json;
    }

    /** What every format cites; {@code url} is where the dataset can be found. */
    record Cited(CollectionEntity collection, String publisher, String url) {
        /** Cited at its DOI, or at its collection page under {@code baseUri} when it has none. */
        static Cited of(CollectionEntity collection, String publisher, URI baseUri) {
            return new Cited(collection, publisher, collection.doi != null ? Dois.resolverUrl(collection.doi)
                    : baseUri.resolve("collections/" + collection.slug).toString());
        }

        int year() {
            return collection.createdAt.getYear();
        }

        String license() {
            CollectionEntity c = collection;
            if (c.licenseName == null && c.licenseUrl == null) {
                return null;
            }
            return c.licenseName == null ? c.licenseUrl : c.licenseUrl == null ? c.licenseName
                    : c.licenseName + ", " + c.licenseUrl;
        }
    }

    public String write(CitationFormat format, Cited cited) {
        return switch (format) {
            case BIBTEX -> bibtex(cited);
            case RIS -> ris(cited);
            case DATACITE -> datacite(cited);
        };
    }

    private static String bibtex(Cited cited) {
        CollectionEntity c = cited.collection();
        StringBuilder entry = new StringBuilder("@misc{").append(c.slug).append("_").append(cited.year());
        // Double braces keep the title's capitals (acronyms such as RICORD) as written.
        bibtexField(entry, "title", "{" + bibtexEscape(c.title) + "}");
        bibtexField(entry, "publisher", bibtexEscape(cited.publisher()));
        bibtexField(entry, "year", String.valueOf(cited.year()));
        if (c.version != null) {
            bibtexField(entry, "version", bibtexEscape(c.version));
        }
        if (c.doi != null) {
            bibtexField(entry, "doi", bibtexEscape(c.doi));
        }
        bibtexField(entry, "url", cited.url());
        if (cited.license() != null) {
            bibtexField(entry, "note", "License: " + bibtexEscape(cited.license()));
        }
        return entry.append("\n}\n").toString();
    }

    private static void bibtexField(StringBuilder entry, String name, String value) {
        entry.append(",\n  ").append(name).append(" = {").append(value).append('}');
    }

    /** LaTeX's special characters, so that a description or title cannot break the entry. */
    private static String bibtexEscape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '\\' -> escaped.append("\\textbackslash{}");
                case '{', '}', '&', '%', '$', '#', '_' -> escaped.append('\\').append(ch);
                case '~' -> escaped.append("\\textasciitilde{}");
                case '^' -> escaped.append("\\textasciicircum{}");
                default -> escaped.append(ch);
            }
        }
        return escaped.toString();
    }

    /** RIS: two-letter tags, "  - ", one field per line, CRLF line ends, ER last. */
    private static String ris(Cited cited) {
        CollectionEntity c = cited.collection();
        List<String> lines = new ArrayList<>();
        lines.add(risLine("TY", "DATA"));
        lines.add(risLine("TI", c.title));
        lines.add(risLine("PB", cited.publisher()));
        lines.add(risLine("PY", String.valueOf(cited.year())));
        if (c.version != null) {
            lines.add(risLine("ET", c.version));
        }
        if (c.doi != null) {
            lines.add(risLine("DO", c.doi));
        }
        lines.add(risLine("UR", cited.url()));
        if (c.description != null) {
            lines.add(risLine("AB", c.description));
        }
        if (cited.license() != null) {
            lines.add(risLine("N1", "License: " + cited.license()));
        }
        lines.add("ER  - ");
        return String.join("\r\n", lines) + "\r\n";
    }

    private static String risLine(String tag, String value) {
        return tag + "  - " + value.replaceAll("\\s+", " ").strip();
    }

    /** DataCite Metadata Schema 4 in DataCite's JSON, as doi.org content negotiation serves it. */
    private String datacite(Cited cited) {
        CollectionEntity c = cited.collection();
        Map<String, Object> record = new LinkedHashMap<>();
        if (c.doi != null) {
            record.put("id", Dois.resolverUrl(c.doi));
            record.put("doi", c.doi);
        }
        record.put("url", cited.url());
        record.put("types", Map.of("resourceTypeGeneral", "Dataset", "resourceType", "DICOM"));
        record.put("creators", List.of(Map.of("name", cited.publisher(), "nameType", "Organizational")));
        record.put("titles", List.of(Map.of("title", c.title)));
        record.put("publisher", cited.publisher());
        record.put("publicationYear", cited.year());
        if (c.version != null) {
            record.put("version", c.version);
        }
        if (c.description != null) {
            record.put("descriptions", List.of(Map.of("description", c.description, "descriptionType", "Abstract")));
        }
        if (c.licenseName != null || c.licenseUrl != null) {
            Map<String, String> rights = new LinkedHashMap<>();
            rights.put("rights", c.licenseName);
            rights.put("rightsUri", c.licenseUrl);
            record.put("rightsList", List.of(rights));
        }
        record.put("dates", List.of(
                Map.of("date", c.createdAt.toLocalDate().toString(), "dateType", "Created"),
                Map.of("date", c.updatedAt.toLocalDate().toString(), "dateType", "Updated")));
        record.put("schemaVersion", "http://datacite.org/schema/kernel-4");
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialize", e);
        }
    }
}
