package io.tessera.dicom.json;

/**
 * How {@link DicomJsonWriter} writes.
 *
 * @param inlineBinaryThreshold binary values (OB OD OF OL OV OW UN) longer than this many bytes are offered to
 *                              {@code bulkDataUris}; shorter ones are always written as InlineBinary
 * @param bulkDataUris          gives BulkDataURIs, or null to write everything that can be inline
 * @param includeGroupLengths   whether to write (gggg,0000) group lengths, which say nothing once the encoding
 *                              is gone and are retired outside group 0002 (PS3.5 7.2)
 */
public record JsonWriteOptions(int inlineBinaryThreshold, BulkDataUriBuilder bulkDataUris, boolean includeGroupLengths) {

    /** Everything inline, group lengths left out. */
    public static final JsonWriteOptions DEFAULTS = new JsonWriteOptions(Integer.MAX_VALUE, null, false);

    public JsonWriteOptions {
        if (inlineBinaryThreshold < 0) {
            throw new IllegalArgumentException("inlineBinaryThreshold must not be negative");
        }
    }

    /** Binary values above {@code threshold} bytes, and all values left in the source, go to {@code uris}. */
    public static JsonWriteOptions withBulkData(int threshold, BulkDataUriBuilder uris) {
        return new JsonWriteOptions(threshold, uris, false);
    }
}
