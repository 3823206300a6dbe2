package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.ClinicalFilter;
import io.tessera.index.CollectionEntity;
import jakarta.ws.rs.core.Response.Status;
import java.util.Arrays;
import java.util.List;

/**
 * What a manifest or archive holds: the STORED instances of one collection (its current content) or the instances
 * of one of its published versions, optionally of one study or series, of studies carrying a label, of series of
 * some modalities, of studies whose clinical row satisfies filters (labels as they are today, also within a version;
 * clinical rows within a version as its snapshot holds them).
 *
 * @param modalities empty for all; otherwise series whose Modality is one of these
 * @param clinical   empty for all; otherwise studies whose patient's (or own) clinical row satisfies every filter
 * @param version    null for the current content
 */
public record DownloadSelection(CollectionEntity collection, String studyUid, String seriesUid, String label,
                                List<String> modalities, List<ClinicalFilter.Typed> clinical,
                                CollectionVersionEntity version) {

    /** From request parameters; {@code modality} may list several, comma-separated. Malformed values are 400. */
    public static DownloadSelection of(CollectionEntity collection, String studyUid, String seriesUid, String label,
                                       String modality) {
        if (studyUid != null) {
            Uids.require(studyUid, "Study Instance UID");
        }
        if (seriesUid != null) {
            Uids.require(seriesUid, "Series Instance UID");
        }
        if (label != null && label.isBlank()) {
            throw new DicomWebException(Status.BAD_REQUEST, "label= needs a label name");
        }
        List<String> modalities = modality == null ? List.of()
                : Arrays.stream(modality.split(",")).map(String::strip).filter(m -> !m.isEmpty()).toList();
        for (String m : modalities) {
            if (!m.matches("[A-Z0-9_ ]{1,16}")) {
                throw new DicomWebException(Status.BAD_REQUEST, "Not a modality: " + m + " (e.g. modality=CT)");
            }
        }
        return new DownloadSelection(collection, studyUid, seriesUid, label, modalities, List.of(), null);
    }

    public static DownloadSelection wholeCollection(CollectionEntity collection) {
        return new DownloadSelection(collection, null, null, null, List.of(), List.of(), null);
    }

    /** This selection narrowed to studies whose clinical row satisfies {@code filters} (see {@link ClinicalFilters}). */
    public DownloadSelection withClinical(List<ClinicalFilter.Typed> filters) {
        return new DownloadSelection(collection, studyUid, seriesUid, label, modalities, List.copyOf(filters), version);
    }

    /** The same selection within {@code version} (null: the current content). */
    public DownloadSelection in(CollectionVersionEntity version) {
        return new DownloadSelection(collection, studyUid, seriesUid, label, modalities, clinical, version);
    }
}
