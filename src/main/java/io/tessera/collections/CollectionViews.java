package io.tessera.collections;

import io.tessera.index.CollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders collections as {@link CollectionView}s, with live figures and links relative to the request's base. */
@ApplicationScoped
public class CollectionViews {
    private final CollectionStatistics statistics;
    private final CollectionVersions versions;

    CollectionViews(CollectionStatistics statistics, CollectionVersions versions) {
        this.statistics = statistics;
        this.versions = versions;
    }

    public CollectionView of(CollectionEntity collection, UriInfo uri) {
        return of(List.of(collection), uri).get(0);
    }

    /** All at once: three aggregate queries however many collections there are. */
    public List<CollectionView> of(List<CollectionEntity> collections, UriInfo uri) {
        List<Long> ids = collections.stream().map(collection -> collection.id).toList();
        Map<Long, CollectionStatistics.Figures> figures = statistics.of(ids);
        Map<Long, Integer> latest = versions.latestNumbers(ids);
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        return collections.stream()
                .map(collection -> view(collection, figures.get(collection.id), latest.get(collection.id), base))
                .toList();
    }

    /** {@code version} is the latest published version once there is one, else the version text as defined. */
    private static CollectionView view(CollectionEntity c, CollectionStatistics.Figures figures,
                                       Integer latestVersion, String base) {
        String api = base + "/api/collections/" + c.slug;
        CollectionView.Links links = new CollectionView.Links(api, base + "/collections/" + c.slug,
                base + "/dicomweb/collections/" + c.slug, api + "/labels", api + "/clinical", api + "/citation",
                api + "/manifest", api + "/archive.zip", api + "/versions",
                c.doi == null ? null : Dois.resolverUrl(c.doi));
        String version = latestVersion == null ? c.version : String.valueOf(latestVersion);
        return new CollectionView(c.slug, c.title, c.doi, version, c.description, c.citation,
                new CollectionDefinition.License(c.licenseName, c.licenseUrl), lower(c.access),
                new CollectionDefinition.Deidentification(lower(c.deidentificationProfile),
                        c.deidentificationOptionCodes(), c.publishBurnedIn),
                figures.counts(), figures.modalities(), figures.labels(), c.createdAt, c.updatedAt, links);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
