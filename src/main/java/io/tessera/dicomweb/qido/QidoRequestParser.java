package io.tessera.dicomweb.qido;

import io.tessera.config.TesseraConfig;
import io.tessera.dicom.ElementDictionary;
import io.tessera.dicom.Tags;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.ClinicalColumns;
import io.tessera.index.ClinicalFilter;
import io.tessera.index.qido.IndexedAttribute;
import io.tessera.index.qido.MatchCondition;
import io.tessera.index.qido.QidoQuery;
import io.tessera.index.qido.QueryLevel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the query parameters of a QIDO-RS request (PS3.18 8.3.4, 10.6.1.2) into a {@link QidoRequest}.
 * Parameters that name no DICOM attribute are ignored; attributes that are not matching keys at the level are
 * ignored and reported; invalid values and paging parameters are refused with 400.
 */
@ApplicationScoped
public class QidoRequestParser {
    private static final String LIMIT = "limit";
    private static final String OFFSET = "offset";
    private static final String FUZZY_MATCHING = "fuzzymatching";
    private static final String INCLUDE_FIELD = "includefield";
    /** Tessera's own: studies carrying an expert label (design.md); not a DICOM attribute. */
    private static final String LABEL = "label";

    /**
     * Series-level keys of PS3.18 Table 10.6.1-5 inside RequestAttributesSequence. The index does not keep them:
     * de-identified research data rarely has them (the Basic profile removes the sequence), so a non-empty key
     * matches no series, which is what an archive holding no such values must answer.
     */
    private static final Set<Integer> UNINDEXED_REQUEST_ATTRIBUTES =
            Set.of(Tags.ScheduledProcedureStepID, Tags.RequestedProcedureID);

    @Inject
    TesseraConfig config;

    @Inject
    ClinicalColumns clinicalColumns;

    /**
     * @param studyUid  the study of the request path, or null
     * @param seriesUid the series of the request path, or null
     */
    public QidoRequest parse(QueryLevel level, Set<Long> collectionIds, String studyUid, String seriesUid,
                             MultivaluedMap<String, String> parameters) {
        boolean fuzzy = fuzzyMatching(parameters.getFirst(FUZZY_MATCHING));
        List<MatchCondition> conditions = new ArrayList<>();
        Set<IndexedAttribute> returned = ReturnAttributes.defaults(level, studyUid != null, seriesUid != null);
        if (studyUid != null) {
            conditions.add(pathKey(IndexedAttribute.STUDY_INSTANCE_UID, studyUid, "StudyInstanceUID", returned));
        }
        if (seriesUid != null) {
            conditions.add(pathKey(IndexedAttribute.SERIES_INSTANCE_UID, seriesUid, "SeriesInstanceUID", returned));
        }
        List<String> unusedKeys = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            if (!isReserved(key) && !key.startsWith(ClinicalFilter.PREFIX)) {
                addMatchingKey(level, key, parameter.getValue(), fuzzy, conditions, returned, unusedKeys);
            }
        }
        ReturnAttributes.include(returned, level, parameters.getOrDefault(INCLUDE_FIELD, List.of()));

        TesseraConfig.Qido limits = config.qido();
        long requestedLimit = nonNegative(LIMIT, parameters.getFirst(LIMIT), limits.defaultLimit());
        if (requestedLimit == 0) {
            throw new DicomWebException(Status.BAD_REQUEST, "Invalid limit: must be at least 1");
        }
        boolean limitCut = requestedLimit > limits.maxLimit();
        int limit = (int) Math.min(requestedLimit, limits.maxLimit());
        long offset = nonNegative(OFFSET, parameters.getFirst(OFFSET), 0);
        if (offset > Integer.MAX_VALUE) {
            throw new DicomWebException(Status.BAD_REQUEST, "Invalid offset: too large");
        }
        QidoQuery query = new QidoQuery(level, collectionIds, conditions, label(parameters.getFirst(LABEL)),
                clinicalFilters(collectionIds, parameters), limit, (int) offset);
        return new QidoRequest(query, returned, limitCut, unusedKeys);
    }

    private static MatchCondition pathKey(IndexedAttribute attribute, String uid, String name,
                                          Set<IndexedAttribute> returned) {
        returned.add(attribute);
        return new MatchCondition.SingleValue(attribute, Uids.require(uid, name));
    }

    private static void addMatchingKey(QueryLevel level, String key, List<String> values, boolean fuzzy,
                                       List<MatchCondition> conditions, Set<IndexedAttribute> returned,
                                       List<String> unusedKeys) {
        ElementDictionary dictionary = ElementDictionary.standard();
        String[] path = key.split("\\.");
        if (path.length == 2 && level.includes(QueryLevel.SERIES)
                && dictionary.tagOf(path[0]) == Tags.RequestAttributesSequence
                && UNINDEXED_REQUEST_ATTRIBUTES.contains(dictionary.tagOf(path[1]))) {
            if (values.stream().anyMatch(value -> !value.isBlank())) {
                conditions.add(new MatchCondition.MatchesNothing(key));
            }
            return;
        }
        int tag = path.length == 1 ? dictionary.tagOf(key) : -1;
        if (tag == -1) {
            if (path.length > 1 && dictionary.tagOf(path[0]) != -1) {
                unusedKeys.add(key);
            }
            return;
        }
        IndexedAttribute attribute = IndexedAttribute.byTag(tag);
        if (attribute == null || !attribute.isMatchable() || !level.includes(attribute.level())) {
            unusedKeys.add(key);
            return;
        }
        // Every matching key is returned, even under Universal Matching (PS3.18 10.6.3).
        returned.add(attribute);
        for (String value : values) {
            MatchCondition condition = MatchValueParser.parse(attribute, key, value, fuzzy);
            if (condition != null) {
                conditions.add(condition);
            }
        }
    }

    private static boolean isReserved(String key) {
        return key.equals(LIMIT) || key.equals(OFFSET) || key.equals(FUZZY_MATCHING) || key.equals(INCLUDE_FIELD)
                || key.equals(LABEL);
    }

    /** The label a study must carry, or null; label names are free text of at most 256 characters. */
    private static String label(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > 256) {
            throw new DicomWebException(Status.BAD_REQUEST, "Invalid label: must be 1 to 256 characters");
        }
        return value;
    }

    /**
     * Tessera's {@code clinical.<column>} parameters, typed by their columns in the collections searched; malformed
     * filters and unknown columns are 400 (docs/clinical.md).
     */
    private List<ClinicalFilter.Typed> clinicalFilters(Set<Long> collectionIds,
                                                       MultivaluedMap<String, String> parameters) {
        try {
            List<ClinicalFilter> filters = new ArrayList<>();
            parameters.forEach((key, values) -> {
                if (key.startsWith(ClinicalFilter.PREFIX)) {
                    String column = key.substring(ClinicalFilter.PREFIX.length());
                    values.forEach(value -> filters.add(ClinicalFilter.fromParameter(column, value)));
                }
            });
            return filters.isEmpty() ? List.of() : clinicalColumns.resolve(collectionIds, filters);
        } catch (ClinicalFilter.Invalid e) {
            throw new DicomWebException(Status.BAD_REQUEST, e.getMessage());
        }
    }

    private static boolean fuzzyMatching(String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new DicomWebException(Status.BAD_REQUEST, "Invalid fuzzymatching: must be true or false");
    }

    private static long nonNegative(String name, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!value.strip().matches("[0-9]{1,18}")) {
            throw new DicomWebException(Status.BAD_REQUEST, "Invalid " + name + ": must be a non-negative integer");
        }
        return Long.parseLong(value.strip());
    }
}
