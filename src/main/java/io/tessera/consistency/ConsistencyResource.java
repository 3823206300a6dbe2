package io.tessera.consistency;

import io.tessera.security.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * {@code POST /api/admin/consistency-check?deep=false&repair=false} (admin): runs the check and answers with its
 * report. A POST although it only reads without {@code repair}: it is an action, expensive on a large store.
 */
@Path("/api/admin/consistency-check")
public class ConsistencyResource {
    private final ConsistencyCheck check;
    private final Caller caller;

    ConsistencyResource(ConsistencyCheck check, Caller caller) {
        this.check = check;
        this.caller = caller;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public ConsistencyReport run(@QueryParam("deep") boolean deep, @QueryParam("repair") boolean repair)
            throws IOException {
        caller.requireAdmin();
        return check.run(deep, repair);
    }
}
