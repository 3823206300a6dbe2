package io.tessera.dicomweb.qido;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** Picks the media type of QIDO-RS results from the Accept header; only DICOM JSON is produced. */
final class ResultMediaType {
    static final MediaType DICOM_JSON = MediaType.valueOf(QidoResource.DICOM_JSON);

    private ResultMediaType() {
    }

    /**
     * application/dicom+json when it or a wildcard is accepted (no Accept header counts as any type);
     * application/json when only that is; otherwise 406. Types with q=0 are refusals and do not count.
     */
    static MediaType negotiate(List<MediaType> acceptable) {
        boolean plainJson = false;
        for (MediaType type : acceptable) {
            if (isRefused(type)) {
                continue;
            }
            if (type.isCompatible(DICOM_JSON)) {
                return DICOM_JSON;
            }
            plainJson |= type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        }
        if (plainJson) {
            return MediaType.APPLICATION_JSON_TYPE;
        }
        throw new DicomWebException(Status.NOT_ACCEPTABLE, "QIDO-RS results are available as application/dicom+json"
                + " (or application/json) only; multipart/related; type=\"application/dicom+xml\" is not supported");
    }

    private static boolean isRefused(MediaType type) {
        try {
            return Double.parseDouble(type.getParameters().getOrDefault("q", "1")) == 0;
        } catch (NumberFormatException malformed) {
            return false;
        }
    }
}
