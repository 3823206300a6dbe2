package io.tessera.dicom.io;

import io.tessera.dicom.DicomException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Buffered input that counts the absolute position of the next byte and can peek ahead within its buffer.
 * Not thread-safe; owned by one {@link DicomReader}.
 */
final class DicomInput {
    private static final int BUFFER_SIZE = 8192;
    /** Values are read in chunks of this size so that a lying length never allocates more than the stream holds. */
    private static final int CHUNK = 1 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int start;
    private int end;
    private long position;

    DicomInput(InputStream in, long position) {
        this.in = in;
        this.position = position;
    }

    /** Absolute offset of the next byte. */
    long position() {
        return position;
    }

    /** Makes up to {@code n} (at most the buffer size) bytes available; returns how many are. */
    int fill(int n) throws IOException {
        if (end - start >= n) {
            return end - start;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < n) {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                break;
            }
            end += read;
        }
        return end - start;
    }

    boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    /** Byte {@code index} ahead of the position, which the caller has made available with {@link #fill}. */
    int peek(int index) {
        return buffer[start + index] & 0xFF;
    }

    int readUnsignedShort(boolean bigEndian) throws IOException {
        require(2);
        int b0 = buffer[start] & 0xFF;
        int b1 = buffer[start + 1] & 0xFF;
        consume(2);
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    int readInt(boolean bigEndian) throws IOException {
        int first = readUnsignedShort(bigEndian);
        int second = readUnsignedShort(bigEndian);
        return bigEndian ? (first << 16) | second : (second << 16) | first;
    }

    /** A tag: group then element, each 16-bit in the syntax's byte order. */
    int readTag(boolean bigEndian) throws IOException {
        int group = readUnsignedShort(bigEndian);
        return (group << 16) | readUnsignedShort(bigEndian);
    }

    byte[] readBytes(int length) throws IOException {
        if (length <= CHUNK) {
            byte[] out = new byte[length];
            readFully(out, 0, length);
            return out;
        }
        byte[] out = new byte[CHUNK];
        int filled = 0;
        while (filled < length) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
            }
            int step = Math.min(out.length - filled, CHUNK);
            readFully(out, filled, step);
            filled += step;
        }
        return out;
    }

    void readFully(byte[] target, int offset, int length) throws IOException {
        while (length > 0) {
            if (start == end && fill(1) == 0) {
                throw new EOFException("stream ends at offset " + position);
            }
            int n = Math.min(length, end - start);
            System.arraycopy(buffer, start, target, offset, n);
            consume(n);
            offset += n;
            length -= n;
        }
    }

    /**
     * Skips {@code length} bytes. Past the buffer the source skips them itself, which for a file is a seek: reading
     * a stored instance's header no longer reads its pixel data.
     */
    void skip(long length) throws IOException {
        while (length > 0) {
            int buffered = (int) Math.min(length, end - start);
            consume(buffered);
            length -= buffered;
            long skipped = length == 0 ? 0 : in.skip(length);
            if (skipped > 0) {
                position += skipped;
                length -= skipped;
            } else if (length > 0 && fill(1) == 0) { // a skip may stop short anywhere; a read tells the end apart
                throw new EOFException("stream ends at offset " + position);
            }
        }
    }

    /** The unread bytes: what is buffered, then the rest of the underlying stream. Ends use of this input. */
    InputStream remainder() {
        InputStream buffered = new ByteArrayInputStream(buffer, start, end - start);
        start = end;
        return new SequenceInputStream(buffered, in);
    }

    private void require(int n) throws IOException {
        if (fill(n) < n) {
            throw new EOFException("stream ends at offset " + (position + (end - start)));
        }
    }

    private void consume(int n) {
        start += n;
        position += n;
    }

    /** Wraps an I/O failure of the source, keeping DicomExceptions as they are. */
    static DicomException wrap(IOException e, long position) {
        return e instanceof DicomException d ? d
                : new DicomException("cannot read DICOM at offset " + position + ": " + e.getMessage(), e);
    }
}
