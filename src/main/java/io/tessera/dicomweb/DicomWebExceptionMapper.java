package io.tessera.dicomweb;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Refusals become a small JSON body {"error": message} with their status; nothing else leaks. */
public class DicomWebExceptionMapper {

    @ServerExceptionMapper
    public Response refuse(DicomWebException refusal) {
        return Response.status(refusal.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", refusal.getMessage()))
                .build();
    }
}
