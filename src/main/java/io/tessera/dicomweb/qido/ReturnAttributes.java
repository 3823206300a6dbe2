package io.tessera.dicomweb.qido;

import static io.tessera.index.qido.IndexedAttribute.*;

import io.tessera.dicom.ElementDictionary;
import io.tessera.index.qido.IndexedAttribute;
import io.tessera.index.qido.QueryLevel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which attributes a QIDO-RS response carries: the defaults of PS3.18 10.6.3 for the level, those named by
 * {@code includefield}, and every matching key. RetrieveURL is always written besides these.
 * <p>
 * Attributes the index does not hold, and attributes of a lower level than the query's, are never returned, so
 * {@code includefield} naming them is ignored. Instance Availability and RequestAttributesSequence are not
 * indexed and not returned.
 */
final class ReturnAttributes {
    /** PS3.18 Table 10.6.3-3. */
    private static final Set<IndexedAttribute> STUDY_DEFAULTS = EnumSet.of(STUDY_DATE, STUDY_TIME, ACCESSION_NUMBER,
            MODALITIES_IN_STUDY, REFERRING_PHYSICIAN_NAME, TIMEZONE_OFFSET_FROM_UTC, PATIENT_NAME, PATIENT_ID,
            PATIENT_BIRTH_DATE, PATIENT_SEX, STUDY_INSTANCE_UID, STUDY_ID, NUMBER_OF_STUDY_RELATED_SERIES,
            NUMBER_OF_STUDY_RELATED_INSTANCES);
    /** PS3.18 Table 10.6.3-4. */
    private static final Set<IndexedAttribute> SERIES_DEFAULTS = EnumSet.of(MODALITY, SERIES_DESCRIPTION,
            SERIES_INSTANCE_UID, SERIES_NUMBER, NUMBER_OF_SERIES_RELATED_INSTANCES,
            PERFORMED_PROCEDURE_STEP_START_DATE, PERFORMED_PROCEDURE_STEP_START_TIME);
    /** PS3.18 Table 10.6.3-5. */
    private static final Set<IndexedAttribute> INSTANCE_DEFAULTS = EnumSet.of(SOP_CLASS_UID, SOP_INSTANCE_UID,
            INSTANCE_NUMBER, ROWS, COLUMNS, BITS_ALLOCATED, NUMBER_OF_FRAMES);

    private ReturnAttributes() {
    }

    /**
     * The defaults for a search at {@code level}. A search not confined to one study also returns the study's
     * defaults, and an instance search not confined to one series the series' (PS3.18 10.6.3.3).
     */
    static Set<IndexedAttribute> defaults(QueryLevel level, boolean studyInPath, boolean seriesInPath) {
        Set<IndexedAttribute> attributes = EnumSet.noneOf(IndexedAttribute.class);
        switch (level) {
            case STUDY -> attributes.addAll(STUDY_DEFAULTS);
            case SERIES -> attributes.addAll(SERIES_DEFAULTS);
            case INSTANCE -> attributes.addAll(INSTANCE_DEFAULTS);
        }
        if (level != QueryLevel.STUDY && !studyInPath) {
            attributes.addAll(STUDY_DEFAULTS);
        }
        if (level == QueryLevel.INSTANCE && !seriesInPath) {
            attributes.addAll(SERIES_DEFAULTS);
        }
        return attributes;
    }

    /**
     * Adds what {@code includefield} values name: keywords or tags, comma-separated, or "all" for every attribute
     * the index holds at this level and above. Names we cannot return are skipped.
     */
    static void include(Set<IndexedAttribute> attributes, QueryLevel level, List<String> includefields) {
        for (String includefield : includefields) {
            for (String name : includefield.split(",")) {
                String trimmed = name.strip();
                if (trimmed.equalsIgnoreCase("all")) {
                    EnumSet.allOf(IndexedAttribute.class).stream()
                            .filter(attribute -> level.includes(attribute.level()))
                            .forEach(attributes::add);
                } else {
                    IndexedAttribute attribute = IndexedAttribute.byTag(ElementDictionary.standard().tagOf(trimmed));
                    if (attribute != null && level.includes(attribute.level())) {
                        attributes.add(attribute);
                    }
                }
            }
        }
    }
}
