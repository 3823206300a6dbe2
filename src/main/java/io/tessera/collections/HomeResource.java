package io.tessera.collections;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The origin root shows the collections first: their page to a browser (an Accept that ranks HTML first), their JSON
 * list to everything else (curl's {@code *}{@code /*}, API clients).
 */
@Path("/")
public class HomeResource {

    @GET
    public Response home(@Context HttpHeaders headers) {
        boolean browser = headers.getAcceptableMediaTypes().stream()
                .filter(type -> !type.isWildcardType())
                .findFirst()
                .map(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardSubtype())
                .orElse(false);
        return Response.seeOther(URI.create(browser ? "/collections" : "/api/collections")).build();
    }
}
