package io.tessera.dicom;

import java.io.IOException;

/** Input that is not valid DICOM, or exceeds a configured limit. The message says what and where. */
public class DicomException extends IOException {
    public DicomException(String message) {
        super(message);
    }

    public DicomException(String message, Throwable cause) {
        super(message, cause);
    }
}
