package io.tessera.dicom.multipart;

import java.io.IOException;

/** A multipart body that is malformed or exceeds a configured limit. The message says what and where. */
public class MultipartException extends IOException {
    public MultipartException(String message) {
        super(message);
    }
}
