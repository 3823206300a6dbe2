package io.tessera.dicomweb.wado;

import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.Frame;
import io.tessera.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams stored objects, or byte ranges of them, to a response: a large buffer, nothing kept. */
@ApplicationScoped
class StoredBytes {
    private static final int BUFFER_SIZE = 64 * 1024;

    @Inject
    BlobStore store;

    void copyObject(String key, OutputStream out) throws IOException {
        try (InputStream in = store.get(key)) {
            copy(in, out);
        }
    }

    void copyRange(String key, ByteRange range, OutputStream out) throws IOException {
        try (InputStream in = store.getRange(key, range.offset(), range.length())) {
            copy(in, out);
        }
    }

    /** A frame's bytes: its fragments one after the other (a frame may span several, PS3.5 A.4). */
    void copyFrame(String key, Frame frame, OutputStream out) throws IOException {
        for (ByteRange range : frame.ranges()) {
            copyRange(key, range, out);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
    }
}
