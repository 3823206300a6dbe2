package io.tessera.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.collections.CollectionCatalog;
import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OHIF's {@code app-config.js} for one caller (docs/viewer.md, research/ohif.md §7): the data source
 * {@value #ALL} on {@code /dicomweb}, which sees every collection the caller may read, and one data source per
 * readable collection on its own root, named {@code collection-<slug>}. Roots are relative, so the viewer talks to
 * whichever address it was loaded from, with no CORS.
 */
@ApplicationScoped
public class AppConfig {
    /** The default data source; slugs cannot collide with it since every other source name has a prefix. */
    public static final String ALL = "all";
    public static final String COLLECTION_PREFIX = "collection-";

    private final CollectionCatalog catalog;
    private final ObjectMapper json;

    AppConfig(CollectionCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    /** The script: {@code window.config = {...};}. */
    public String script() {
        List<Map<String, Object>> dataSources = new ArrayList<>();
        dataSources.add(dataSource(ALL, "All collections", "/dicomweb"));
        for (CollectionEntity collection : catalog.allReadable()) {
            dataSources.add(dataSource(COLLECTION_PREFIX + collection.slug, collection.title,
                    "/dicomweb/collections/" + collection.slug));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("routerBasename", null);
        config.put("extensions", List.of());
        config.put("modes", List.of()); // must exist: OHIF refuses to start without it
        config.put("customizationService", Map.of());
        config.put("showStudyList", true);
        config.put("maxNumberOfWebWorkers", 3);
        config.put("maxNumRequests", Map.of("interaction", 100, "thumbnail", 5, "prefetch", 25));
        config.put("investigationalUseDialog", Map.of("option", "never"));
        config.put("defaultDataSourceName", ALL);
        config.put("dataSources", dataSources);
        try {
            return "window.config = " + json.writerWithDefaultPrettyPrinter().writeValueAsString(config) + ";\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }

    private static Map<String, Object> dataSource(String name, String friendlyName, String root) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("name", name);
        configuration.put("friendlyName", friendlyName);
        configuration.put("qidoRoot", root);
        configuration.put("wadoRoot", root);
        configuration.put("wadoUriRoot", root);
        configuration.put("imageRendering", "wadors");
        // Our /thumbnail resources, fetched with Accept: image/jpeg (the study browser and the worklist preview)
        configuration.put("thumbnailRendering", "thumbnail");
        configuration.put("thumbnailRequestStrategy", "fetch");
        configuration.put("enableStudyLazyLoad", true);
        configuration.put("supportsFuzzyMatching", false);
        configuration.put("supportsWildcard", true);
        configuration.put("supportsReject", false);
        configuration.put("omitQuotationForMultipartRequest", true);
        configuration.put("bulkDataURI", Map.of("enabled", true, "relativeResolution", "series"));
        configuration.put("dicomUploadEnabled", false);
        configuration.put("queryLimit", 101);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("namespace", "@ohif/extension-default.dataSourcesModule.dicomweb");
        source.put("sourceName", name);
        source.put("configuration", configuration);
        return source;
    }
}
