package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response.Status;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The citation exports, by the {@code format} parameter, with their media types and file extensions. */
public enum CitationFormat {
    BIBTEX("application/x-bibtex; charset=UTF-8", "bib"),
    RIS("application/x-research-info-systems; charset=UTF-8", "ris"),
    DATACITE("application/vnd.datacite.datacite+json", "json");

    final String mediaType;
    final String extension;

    CitationFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** BibTeX when absent; an unknown name is 400 listing the known ones. */
    static CitationFormat of(String name) {
        if (name == null || name.isBlank()) {
            return BIBTEX;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(Status.BAD_REQUEST, "Unknown citation format '" + name + "'; use one of "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
