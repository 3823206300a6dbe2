package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response.Status;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The manifest formats of {@code ?format=}: JSON (default), CSV, the NBIA Data Retriever's .tcia, s5cmd. */
public enum ManifestFormat {
    JSON("application/json", "json"),
    CSV("text/csv; charset=utf-8", "csv"),
    TCIA("text/plain; charset=utf-8", "tcia"),
    S5CMD("text/plain; charset=utf-8", "s5cmd");

    public final String mediaType;
    public final String extension;

    ManifestFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public static ManifestFormat of(String name) {
        if (name == null || name.isBlank()) {
            return JSON;
        }
        return Arrays.stream(values()).filter(f -> f.extension.equals(name.strip().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new DicomWebException(Status.BAD_REQUEST, "Unknown manifest format " + name
                        + "; one of " + Arrays.stream(values()).map(f -> f.extension)
                        .collect(Collectors.joining(", "))));
    }
}
