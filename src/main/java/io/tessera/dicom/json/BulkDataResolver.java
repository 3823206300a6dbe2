package io.tessera.dicom.json;

import io.tessera.dicom.DicomException;
import io.tessera.dicom.Vr;

import java.io.IOException;

/** Fetches the value a BulkDataURI in DICOM JSON refers to, for {@link DicomJsonReader}. */
@FunctionalInterface
public interface BulkDataResolver {

    /** Refuses every BulkDataURI: a reader that has not been told how to fetch one must not guess. */
    BulkDataResolver REJECT = (uri, path, vr) -> {
        throw new DicomException("BulkDataURI " + uri + " of " + path + " cannot be resolved: no BulkDataResolver");
    };

    /** The value bytes (binary numbers little-endian, text as UTF-8) of the element at {@code path}. */
    byte[] resolve(String uri, AttributePath path, Vr vr) throws IOException;
}
