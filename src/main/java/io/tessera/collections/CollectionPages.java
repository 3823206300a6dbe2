package io.tessera.collections;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.tessera.index.CollectionEntity;
import io.tessera.index.SeriesEntity;
import io.tessera.index.StudyEntity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pages for people: {@code /collections} lists the readable collections, {@code /collections/{slug}} shows one with
 * its citation, downloads and studies, each study with its series thumbnails and a link into the viewer. Restricted
 * collections are invisible (404) to callers without a grant, as everywhere else. Every value is escaped
 * ({@link Html}); links are root-relative, so the pages work behind any address.
 */
@Path("/collections")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class CollectionPages {
    static final int STUDIES_PER_PAGE = 50;
    private static final int SERIES_ON_THE_LIST = 4;
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{background:#14213d;color:#fff;padding:.7em 1.5em;display:flex;gap:1.5em;align-items:baseline}
            header a{color:#fff;text-decoration:none}header .brand{font-weight:700;font-size:1.2em}
            main{max-width:72em;margin:0 auto;padding:1em 1.5em}
            .card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:1em 1.2em;margin:1em 0}
            h1,h2{margin:.2em 0}.meta{color:#556;font-size:.92em}.meta span{margin-right:1.2em}
            .thumbs{display:flex;gap:6px;flex-wrap:wrap;margin:.5em 0}
            .thumbs img{width:96px;height:96px;object-fit:contain;background:#000;border-radius:3px}
            .button{display:inline-block;padding:.3em .8em;margin:.15em .3em .15em 0;border-radius:4px;
              background:#1f6feb;color:#fff;text-decoration:none;font-size:.92em}
            .button.light{background:#e8eefc;color:#1f4fa8}
            table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.45em .5em;
              border-bottom:1px solid #e4e7ec;vertical-align:top}
            .restricted{background:#fde8e8;color:#9b1c1c;border-radius:3px;padding:0 .4em;font-size:.85em}
            .description{white-space:pre-line}.citation{background:#f3f4f6;padding:.6em;border-radius:4px}
            """;

    private final CollectionCatalog catalog;
    private final CollectionViews views;

    CollectionPages(CollectionCatalog catalog, CollectionViews views) {
        this.catalog = catalog;
        this.views = views;
    }

    @GET
    public String list(@Context UriInfo uri) {
        List<CollectionView> collections = views.of(catalog.allReadable(), uri);
        Html page = start("Collections");
        page.raw("<h1>Collections</h1><p class=\"meta\">").text(collections.size())
                .raw(" collections. Every one is served over DICOMweb at <code>/dicomweb/collections/{slug}</code>;"
                        + " <code>/dicomweb</code> searches them all. The same list as JSON: ")
                .link("/api/collections", "/api/collections").raw(".</p>");
        for (CollectionView collection : collections) {
            page.raw("<section class=\"card\"><h2>")
                    .link("/collections/" + collection.slug(), collection.title()).raw("</h2>");
            summary(page, collection);
            thumbnails(page, collection.slug(), firstSeries(collection.slug()));
            page.raw("<p>").raw("<a class=\"button\" href=\"/collections/").text(collection.slug())
                    .raw("\">Studies, citation and downloads</a>")
                    .raw("<a class=\"button light\" href=\"/api/collections/").text(collection.slug())
                    .raw("/archive.zip\">Download (ZIP)</a></p></section>");
        }
        return end(page);
    }

    @GET
    @Path("{slug}")
    public String collection(@PathParam("slug") String slug, @QueryParam("page") Integer pageNumber,
                             @Context UriInfo uri) {
        CollectionEntity entity = catalog.readable(slug);
        CollectionView collection = views.of(entity, uri);
        int pageIndex = pageNumber == null || pageNumber < 1 ? 0 : pageNumber - 1;
        Html page = start(collection.title());
        page.raw("<p class=\"meta\">").link("/collections", "Collections").raw(" / ").text(slug).raw("</p>")
                .raw("<section class=\"card\"><h1>").text(collection.title()).raw("</h1>");
        summary(page, collection);
        if (collection.description() != null) {
            page.raw("<p class=\"description\">").text(collection.description()).raw("</p>");
        }
        page.raw("</section>");
        citation(page, collection);
        downloads(page, collection);
        studies(page, collection, pageIndex);
        return end(page);
    }

    /** DOI, license, access, counts, modalities, labels. */
    private static void summary(Html page, CollectionView c) {
        page.raw("<p class=\"meta\">");
        if (c.doi() != null) {
            page.raw("<span>DOI ").link(c.links().doi(), c.doi()).raw("</span>");
        }
        if (c.version() != null) {
            page.raw("<span>version ").text(c.version()).raw("</span>");
        }
        CollectionDefinition.License license = c.license();
        if (license.url() != null) {
            page.raw("<span>license ").link(license.url(), license.name() != null ? license.name() : license.url())
                    .raw("</span>");
        } else if (license.name() != null) {
            page.raw("<span>license ").text(license.name()).raw("</span>");
        }
        if ("restricted".equals(c.access())) {
            page.raw("<span class=\"restricted\">restricted</span>");
        }
        page.raw("</p><p class=\"meta\">");
        CollectionStatistics.Counts counts = c.counts();
        page.raw("<span>").text(counts.patients()).raw(" patients</span><span>").text(counts.studies())
                .raw(" studies</span><span>").text(counts.series()).raw(" series</span><span>")
                .text(counts.instances()).raw(" instances</span><span>").text(size(counts.bytes())).raw("</span>");
        if (!c.modalities().isEmpty()) {
            page.raw("<span>").text(String.join(", ", c.modalities())).raw("</span>");
        }
        page.raw("</p>");
        if (!c.labels().isEmpty()) {
            page.raw("<p class=\"meta\">labels: ");
            c.labels().forEach((label, count) ->
                    page.raw("<span>").text(label).raw(" (").text(count).raw(")</span>"));
            page.raw("</p>");
        }
    }

    private static void citation(Html page, CollectionView c) {
        String api = "/api/collections/" + c.slug();
        page.raw("<section class=\"card\"><h2>Cite</h2>");
        if (c.citation() != null) {
            page.raw("<p class=\"citation\">").text(c.citation()).raw("</p>");
        }
        page.raw("<p>").raw("<a class=\"button light\" href=\"").text(api).raw("/citation?format=bibtex\">BibTeX</a>")
                .raw("<a class=\"button light\" href=\"").text(api).raw("/citation?format=ris\">RIS</a>")
                .raw("<a class=\"button light\" href=\"").text(api)
                .raw("/citation?format=datacite\">DataCite JSON</a></p></section>");
    }

    /** The whole collection as a ZIP or a manifest; per label, the studies and series that carry it. */
    private static void downloads(Html page, CollectionView c) {
        String api = "/api/collections/" + c.slug();
        page.raw("<section class=\"card\"><h2>Download</h2><p>")
                .raw("<a class=\"button\" href=\"").text(api).raw("/archive.zip\">Everything (ZIP)</a>");
        for (ManifestFormat format : ManifestFormat.values()) {
            page.raw("<a class=\"button light\" href=\"").text(api).raw("/manifest?format=").text(format.extension)
                    .raw("\">Manifest (").text(format.extension).raw(")</a>");
        }
        page.raw("</p><p class=\"meta\">Resumable, every file with its SHA-256: see the manifest, or ")
                .raw("<code>java Download.java --doi ...</code> (README).</p>");
        if (!c.labels().isEmpty()) {
            page.raw("<table><tr><th>label</th><th>labelled items</th><th>download</th></tr>");
            c.labels().forEach((label, count) -> {
                String filter = "?label=" + Html.query(label);
                page.raw("<tr><td>").text(label).raw("</td><td>").text(count).raw("</td><td>")
                        .link(api + "/archive.zip" + filter, "ZIP").raw(" · ")
                        .link(api + "/manifest" + filter + "&format=csv", "manifest (csv)").raw("</td></tr>");
            });
            page.raw("</table>");
        }
        page.raw("</section>");
    }

    /** One page of the collection's studies, each with its series thumbnails, viewer link and ZIP. */
    private static void studies(Html page, CollectionView c, int pageIndex) {
        long total = c.counts().studies();
        List<StudyEntity> studies = StudyEntity.<StudyEntity>find(
                        "collection.slug = ?1 and numberOfInstances > 0",
                        Sort.by("studyDate").and("studyInstanceUid"), c.slug())
                .page(Page.of(pageIndex, STUDIES_PER_PAGE)).list();
        Map<Long, List<SeriesEntity>> seriesByStudy = new LinkedHashMap<>();
        if (!studies.isEmpty()) {
            SeriesEntity.<SeriesEntity>list("study in ?1 and numberOfInstances > 0",
                            Sort.by("seriesNumber").and("seriesInstanceUid"), studies)
                    .forEach(series -> seriesByStudy.computeIfAbsent(series.study.id, id -> new ArrayList<>())
                            .add(series));
        }
        page.raw("<section class=\"card\"><h2>Studies</h2>");
        if (studies.isEmpty()) {
            page.raw("<p class=\"meta\">No studies on this page.</p>");
        } else {
            page.raw("<table><tr><th>study</th><th>series</th><th></th></tr>");
            for (StudyEntity study : studies) {
                String uid = study.studyInstanceUid;
                page.raw("<tr><td>").text(study.studyDescription != null ? study.studyDescription : "(no description)")
                        .raw("<div class=\"meta\"><span>patient ").text(study.patientId).raw("</span><span>")
                        .text(date(study.studyDate)).raw("</span><span>").text(study.modalitiesInStudy)
                        .raw("</span><span>").text(study.numberOfSeries).raw(" series, ")
                        .text(study.numberOfInstances).raw(" instances</span></div><div class=\"meta\"><code>")
                        .text(uid).raw("</code></div></td><td>");
                thumbnails(page, c.slug(), seriesByStudy.getOrDefault(study.id, List.of()));
                page.raw("</td><td><a class=\"button\" href=\"/viewer?StudyInstanceUIDs=").text(uid)
                        .raw("\">Open in viewer</a><br><a class=\"button light\" href=\"/api/collections/")
                        .text(c.slug()).raw("/studies/").text(uid).raw("/archive.zip\">ZIP</a></td></tr>");
            }
            page.raw("</table>");
        }
        long pages = (total + STUDIES_PER_PAGE - 1) / STUDIES_PER_PAGE;
        if (pages > 1) {
            page.raw("<p class=\"meta\">page ").text(pageIndex + 1).raw(" of ").text(pages).raw(" ");
            if (pageIndex > 0) {
                page.link("/collections/" + c.slug() + "?page=" + pageIndex, "previous").raw(" ");
            }
            if (pageIndex + 1 < pages) {
                page.link("/collections/" + c.slug() + "?page=" + (pageIndex + 2), "next");
            }
            page.raw("</p>");
        }
        page.raw("</section>");
    }

    /** The first few series of a collection, for its card on the list. */
    private static List<SeriesEntity> firstSeries(String slug) {
        return SeriesEntity.<SeriesEntity>find("from SeriesEntity s join fetch s.study st "
                        + "where st.collection.slug = ?1 and s.numberOfInstances > 0 order by st.studyDate, s.id", slug)
                .page(Page.ofSize(SERIES_ON_THE_LIST)).list();
    }

    /** Series thumbnails from the collection's own DICOMweb root, loaded as they scroll into view. */
    private static void thumbnails(Html page, String slug, List<SeriesEntity> series) {
        page.raw("<div class=\"thumbs\">");
        for (SeriesEntity s : series) {
            String title = (s.modality != null ? s.modality : "") + " series " + (s.seriesNumber != null
                    ? s.seriesNumber : "") + (s.seriesDescription != null ? ": " + s.seriesDescription : "")
                    + " (" + s.numberOfInstances + " instances)";
            page.raw("<img loading=\"lazy\" class=\"series-thumbnail\" alt=\"").text(title).raw("\" title=\"")
                    .text(title).raw("\" src=\"/dicomweb/collections/").text(slug).raw("/studies/")
                    .text(s.study.studyInstanceUid).raw("/series/").text(s.seriesInstanceUid).raw("/thumbnail\">");
        }
        page.raw("</div>");
    }

    private static Html start(String title) {
        return new Html().raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
                .text(title).raw(" · Tessera</title><style>").raw(STYLE).raw("</style></head><body><header>"
                        + "<a class=\"brand\" href=\"/collections\">Tessera</a><a href=\"/collections\">Collections</a>"
                        + "<a href=\"/q/openapi\">API</a></header><main>");
    }

    private static String end(Html page) {
        return page.raw("</main></body></html>\n").toString();
    }

    /** A DICOM date as yyyy-mm-dd; anything else as it is. */
    private static String date(String dicomDate) {
        if (dicomDate == null || !dicomDate.matches("\\d{8}")) {
            return dicomDate;
        }
        return dicomDate.substring(0, 4) + "-" + dicomDate.substring(4, 6) + "-" + dicomDate.substring(6);
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        int exponent = (int) (Math.log(bytes) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %sB", bytes / Math.pow(1024, exponent),
                units.charAt(exponent - 1));
    }
}
