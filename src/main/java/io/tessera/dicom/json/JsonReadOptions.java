package io.tessera.dicom.json;

/**
 * Limits and callbacks of {@link DicomJsonReader}.
 *
 * @param maxDocumentChars longest JSON document accepted, in characters
 * @param maxDepth         deepest JSON nesting accepted; each sequence level takes three (element object,
 *                         "Value" array, item object)
 * @param bulkData         fetches BulkDataURI values
 */
public record JsonReadOptions(long maxDocumentChars, int maxDepth, BulkDataResolver bulkData) {

    /** 256 Mi characters, 96 levels (about 30 nested sequences), BulkDataURIs rejected. */
    public static final JsonReadOptions DEFAULTS = new JsonReadOptions(256L << 20, 96, BulkDataResolver.REJECT);

    public JsonReadOptions {
        if (maxDocumentChars <= 0 || maxDepth <= 0 || bulkData == null) {
            throw new IllegalArgumentException("limits must be positive and bulkData set");
        }
    }

    public JsonReadOptions withBulkData(BulkDataResolver resolver) {
        return new JsonReadOptions(maxDocumentChars, maxDepth, resolver);
    }
}
