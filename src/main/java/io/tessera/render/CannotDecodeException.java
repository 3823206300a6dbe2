package io.tessera.render;

/** Pixel data Tessera cannot decode: an unsupported transfer syntax or layout, or a corrupt stream. */
public class CannotDecodeException extends RuntimeException {
    public CannotDecodeException(String message) {
        super(message);
    }

    public CannotDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
