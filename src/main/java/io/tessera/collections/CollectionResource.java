package io.tessera.collections;

import io.tessera.config.TesseraConfig;
import io.tessera.index.CollectionEntity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code /api/collections}: list, read, create or update (admin; the token filter guards PUT), cite. */
@Path("/api/collections")
public class CollectionResource {
    private final CollectionCatalog catalog;
    private final CollectionViews views;
    private final CitationWriter citations;
    private final TesseraConfig config;

    CollectionResource(CollectionCatalog catalog, CollectionViews views, CitationWriter citations,
                       TesseraConfig config) {
        this.catalog = catalog;
        this.views = views;
        this.citations = citations;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<CollectionView> list(@Context UriInfo uri) {
        return views.of(catalog.allReadable(), uri);
    }

    @GET
    @Path("{slug}")
    @Produces(MediaType.APPLICATION_JSON)
    public CollectionView get(@PathParam("slug") String slug, @Context UriInfo uri) {
        return views.of(catalog.readable(slug), uri);
    }

    /** 201 with the collection when created, 200 when updated. */
    @PUT
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("slug") String slug, CollectionDefinition definition,
                        @Context UriInfo uri) {
        boolean created = catalog.put(slug, definition);
        CollectionView view = get(slug, uri);
        return created
                ? Response.created(uri.getAbsolutePath()).entity(view).build()
                : Response.ok(view).build();
    }

    @GET
    @Path("{slug}/citation")
    public Response citation(@PathParam("slug") String slug, @QueryParam("format") String formatName,
                             @Context UriInfo uri) {
        CitationFormat format = CitationFormat.of(formatName);
        CollectionEntity collection = catalog.readable(slug);
        String body = citations.write(format,
                CitationWriter.Cited.of(collection, config.collections().publisher(), uri.getBaseUri()));
        return Response.ok(body, format.mediaType)
                .header("Content-Disposition", "inline; filename=\"" + slug + "." + format.extension + "\"")
                .build();
    }
}
