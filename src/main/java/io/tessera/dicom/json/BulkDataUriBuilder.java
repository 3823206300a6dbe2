package io.tessera.dicom.json;

/** Decides where the DICOM JSON writer sends a large or external value (PS3.18 F.2.6, BulkDataURI). */
@FunctionalInterface
public interface BulkDataUriBuilder {

    /** The BulkDataURI for the value at {@code path}, or null to write it inline where that is possible. */
    String uriFor(AttributePath path);
}
