package io.tessera.collections;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.ClinicalColumns;
import io.tessera.index.ClinicalFilter;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the clinical filters of a request (docs/clinical.md) and types them by the columns of the table they apply
 * to: the collection's current one, or within a published version the version's snapshot; bad ones are 400.
 */
@ApplicationScoped
public class ClinicalFilters {
    private final ClinicalColumns columns;

    ClinicalFilters(ClinicalColumns columns) {
        this.columns = columns;
    }

    /**
     * The {@code clinical.<column>} parameters, as manifests and archives take them beside their own, on the table
     * of {@code version} (null: the current content).
     */
    public List<ClinicalFilter.Typed> prefixed(CollectionEntity collection, CollectionVersionEntity version,
                                               MultivaluedMap<String, String> parameters) {
        return read(collection, version, parameters, Set.of(), false);
    }

    /** Every parameter but {@code reserved} is a filter, with or without the prefix: the clinical table's own query. */
    List<ClinicalFilter.Typed> all(CollectionEntity collection, CollectionVersionEntity version,
                                   MultivaluedMap<String, String> parameters, Set<String> reserved) {
        return read(collection, version, parameters, reserved, true);
    }

    private List<ClinicalFilter.Typed> read(CollectionEntity collection, CollectionVersionEntity version,
                                            MultivaluedMap<String, String> parameters, Set<String> reserved,
                                            boolean bareNames) {
        try {
            List<ClinicalFilter> filters = new ArrayList<>();
            for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
                String key = parameter.getKey();
                boolean prefixed = key.startsWith(ClinicalFilter.PREFIX);
                if (prefixed || bareNames && !reserved.contains(key)) {
                    String column = prefixed ? key.substring(ClinicalFilter.PREFIX.length()) : key;
                    parameter.getValue().forEach(value -> filters.add(ClinicalFilter.fromParameter(column, value)));
                }
            }
            if (filters.isEmpty()) {
                return List.of();
            }
            if (version == null) {
                return columns.resolve(Set.of(collection.id), filters);
            }
            if (version.clinicalSnapshotId == null) {
                throw new DicomWebException(Status.BAD_REQUEST, "Version " + version.number + " of "
                        + collection.slug + " was published without a clinical table: no clinical filters apply");
            }
            return columns.resolveInSnapshot(version.clinicalSnapshotId, filters);
        } catch (ClinicalFilter.Invalid e) {
            throw new DicomWebException(Status.BAD_REQUEST, e.getMessage());
        }
    }
}
