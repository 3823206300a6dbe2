package io.tessera.dicomweb.rendered;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.Frame;
import io.tessera.dicom.io.ReadOptions;
import io.tessera.render.PixelModule;
import io.tessera.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what rendering needs from the store without reading whole objects: the header (the bytes before the
 * first frame, cut before the Pixel Data element) and one frame (byte-range reads at the recorded locations).
 * Headers are cached by object key; objects are immutable once committed (a new version gets a new key).
 */
@ApplicationScoped
public class StoredFrames {
    private static final int CACHE_SIZE = 512;
    private static final ReadOptions HEADER = ReadOptions.DEFAULTS.withStopAtPixelData(true)
            .withMaxElementLength(16 << 20);

    @Inject
    BlobStore store;

    private final Map<String, PixelModule> modules = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PixelModule> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** The pixel module of a stored object whose first frame starts at {@code firstFrame.offset()}. */
    public PixelModule module(String objectKey, Frame firstFrame) throws IOException {
        synchronized (modules) {
            PixelModule cached = modules.get(objectKey);
            if (cached != null) {
                return cached;
            }
        }
        long end = firstFrame.ranges().get(0).offset();
        byte[] prefix;
        try (InputStream in = store.getRange(objectKey, 0, end)) {
            prefix = in.readAllBytes();
        }
        int cut = pixelDataHeader(prefix);
        Dataset dataset = new DicomReader(new ByteArrayInputStream(prefix, 0, cut < 0 ? prefix.length : cut), HEADER)
                .read().dataset();
        PixelModule module = PixelModule.of(dataset);
        synchronized (modules) {
            modules.put(objectKey, module);
        }
        return module;
    }

    /** A frame's stored bytes: its ranges (fragments) concatenated. */
    public byte[] frame(String objectKey, Frame frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(frame.length(), Integer.MAX_VALUE - 8));
        for (ByteRange range : frame.ranges()) {
            try (InputStream in = store.getRange(objectKey, range.offset(), range.length())) {
                in.transferTo(out);
            }
        }
        return out.toByteArray();
    }

    /**
     * Where the top-level Pixel Data element header starts in the bytes before the first frame: the last
     * (7FE0,0010) tag (either byte order) followed by an OB, OW or UN VR, an undefined length (encapsulated,
     * Implicit VR), or a length reaching the first frame (native, Implicit VR). -1 when there is none.
     */
    static int pixelDataHeader(byte[] b) {
        for (int p = b.length - 8; p >= 0; p--) {
            boolean little = (b[p] & 0xFF) == 0xE0 && b[p + 1] == 0x7F && b[p + 2] == 0x10 && b[p + 3] == 0;
            boolean big = b[p] == 0x7F && (b[p + 1] & 0xFF) == 0xE0 && b[p + 2] == 0 && b[p + 3] == 0x10;
            if (!little && !big) {
                continue;
            }
            String vr = new String(b, p + 4, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN")) {
                return p;
            }
            boolean undefined = b[p + 4] == -1 && b[p + 5] == -1 && b[p + 6] == -1 && b[p + 7] == -1;
            if (undefined || p + 8 == b.length) {
                return p;
            }
        }
        return -1;
    }

    static TransferSyntax syntax(String uid) {
        return TransferSyntax.of(uid);
    }
}
