package io.tessera.dicom.io;

import java.io.IOException;
import java.io.InputStream;

/** Gives {@link DicomWriter} the bytes of {@link io.tessera.dicom.Value.BulkData} values, e.g. from the source file. */
@FunctionalInterface
public interface BulkDataSource {
    /** A stream of {@code length} bytes at absolute {@code offset} (length -1: to the end of the value's items). */
    InputStream open(long offset, long length) throws IOException;
}
