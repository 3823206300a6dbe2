package io.tessera.dicom;

import java.util.List;

/**
 * The value of one data element. Binary values are always held little-endian: the reader swaps
 * big-endian input, the writer swaps back when it must write big-endian.
 */
public sealed interface Value permits Value.Bytes, Value.Sequence, Value.Fragments, Value.BulkData {

    /** Raw value bytes as encoded (text undecoded; numbers little-endian), without trailing padding removed. */
    record Bytes(byte[] bytes) implements Value {
        public static final Bytes EMPTY = new Bytes(new byte[0]);
    }

    /** A sequence of items (VR SQ, or UN of undefined length read as SQ per PS3.5 6.2.2). */
    record Sequence(List<Dataset> items) implements Value {
    }

    /**
     * Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item first, then one entry per fragment.
     * {@code fragments.get(0)} is the offset table (possibly empty).
     */
    record Fragments(List<byte[]> fragments) implements Value {
    }

    /**
     * A value left in the source: {@code offset} and {@code length} locate the value bytes in the stream the
     * data set was read from (offsets count from the first byte of that stream, preamble included).
     * {@code length} is -1 for encapsulated pixel data of undefined length.
     */
    record BulkData(long offset, long length) implements Value {
    }
}
