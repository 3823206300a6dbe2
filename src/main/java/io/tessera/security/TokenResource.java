package io.tessera.security;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/tokens} (admin only): create an API token with grants (its secret is in this one answer only), list
 * tokens without secrets, revoke one. Writes are already admin-only through {@link AdminTokenFilter}; the list is
 * checked here, since reads pass that filter.
 */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private final ApiTokens tokens;
    private final Caller caller;

    TokenResource(ApiTokens tokens, Caller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ApiTokens.TokenRequest request) {
        caller.requireAdmin();
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(tokens.create(request))
                .build();
    }

    @GET
    public List<ApiTokens.TokenView> list() {
        caller.requireAdmin();
        return tokens.list();
    }

    @DELETE
    @Path("{id: [0-9]{1,18}}")
    public ApiTokens.TokenView revoke(@PathParam("id") long id) {
        caller.requireAdmin();
        return tokens.revoke(id);
    }
}
