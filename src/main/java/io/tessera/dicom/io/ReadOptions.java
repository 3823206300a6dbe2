package io.tessera.dicom.io;

/**
 * Limits and modes of {@link DicomReader}. Immutable; start from {@link #DEFAULTS} and use the withers.
 *
 * @param maxElementLength largest value read into memory. Larger binary values (OB, OW, OF, OD, OL, OV, UN,
 *                         Pixel Data) become {@link io.tessera.dicom.Value.BulkData}; larger values of other VRs
 *                         are an error.
 * @param maxDepth         deepest sequence nesting accepted (top-level sequences are depth 1)
 * @param maxInflatedBytes most bytes a Deflated transfer syntax body may inflate to
 * @param maxInflateRatio  most inflated bytes per compressed byte, checked once the body has inflated beyond
 *                         {@link #INFLATE_RATIO_GRACE} bytes (small bodies may legitimately compress very well)
 * @param stopAtPixelData  when true the top-level Pixel Data value is never read into memory: it becomes
 *                         {@link io.tessera.dicom.Value.BulkData}, its bytes are skipped, and reading goes on
 *                         with whatever follows it
 */
public record ReadOptions(int maxElementLength, int maxDepth, long maxInflatedBytes, int maxInflateRatio,
                          boolean stopAtPixelData) {

    /** Inflated size below which {@link #maxInflateRatio} is not enforced. */
    public static final long INFLATE_RATIO_GRACE = 1 << 20;

    public static final ReadOptions DEFAULTS = new ReadOptions(64 << 20, 32, 4L << 30, 1000, false);

    public ReadOptions {
        if (maxElementLength < 0 || maxDepth < 0 || maxInflatedBytes < 0 || maxInflateRatio < 1) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }

    public ReadOptions withMaxElementLength(int value) {
        return new ReadOptions(value, maxDepth, maxInflatedBytes, maxInflateRatio, stopAtPixelData);
    }

    public ReadOptions withMaxDepth(int value) {
        return new ReadOptions(maxElementLength, value, maxInflatedBytes, maxInflateRatio, stopAtPixelData);
    }

    public ReadOptions withMaxInflatedBytes(long value) {
        return new ReadOptions(maxElementLength, maxDepth, value, maxInflateRatio, stopAtPixelData);
    }

    public ReadOptions withMaxInflateRatio(int value) {
        return new ReadOptions(maxElementLength, maxDepth, maxInflatedBytes, value, stopAtPixelData);
    }

    public ReadOptions withStopAtPixelData(boolean value) {
        return new ReadOptions(maxElementLength, maxDepth, maxInflatedBytes, maxInflateRatio, value);
    }
}
