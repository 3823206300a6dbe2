package io.tessera.dicomweb;

import jakarta.ws.rs.core.Response;

/** A request the server refuses, with the HTTP status and a message for the client. */
public class DicomWebException extends RuntimeException {
    private final Response.Status status;

    public DicomWebException(Response.Status status, String message) {
        super(message);
        this.status = status;
    }

    public Response.Status status() {
        return status;
    }
}
