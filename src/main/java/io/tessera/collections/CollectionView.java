package io.tessera.collections;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The collection JSON of the design ({@code slug, title, doi, version, description, license, access,
 * deidentification, counts, labels}) plus modalities, citation, timestamps and links.
 */
public record CollectionView(String slug, String title, String doi, String version, String description,
                             String citation, CollectionDefinition.License license, String access,
                             CollectionDefinition.Deidentification deidentification,
                             CollectionStatistics.Counts counts, List<String> modalities, Map<String, Long> labels,
                             OffsetDateTime created, OffsetDateTime updated, Links links) {

    /** Absolute URLs of what a client does next with the collection; {@code doi} is the doi.org link or null. */
    public record Links(String self, String page, String dicomweb, String labels, String clinical, String citation,
                        String manifest, String archive, String versions, String doi) {
    }
}
