package io.tessera.collections;

import java.util.List;

/**
 * What an admin sends to {@code PUT /api/collections/{slug}}: the writable part of the collection JSON. Counts,
 * labels, links and other read-only fields of a collection fetched earlier are ignored, so a GET body can be edited
 * and sent back.
 */
public record CollectionDefinition(String slug, String title, String doi, String version, String description,
                                   String citation, License license, String access,
                                   Deidentification deidentification) {

    public record License(String name, String url) {
    }

    /**
     * {@code profile}: "none" or "basic"; {@code options}: PS3.16 CID 7050 codes such as "113101";
     * {@code publishBurnedIn}: publish instances that may show burned-in text instead of quarantining them (basic only;
     * absent means false).
     */
    public record Deidentification(String profile, List<String> options, Boolean publishBurnedIn) {
    }
}
