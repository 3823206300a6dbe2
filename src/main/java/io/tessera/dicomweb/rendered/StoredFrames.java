package io.tessera.dicomweb.rendered;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Tag;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.BulkDataSource;
import io.tessera.dicom.io.DicomFile;
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
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
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
        byte[] prefix = prefix(objectKey, firstFrame);
        Dataset dataset = new DicomReader(new ByteArrayInputStream(prefix, 0, cutBeforePixelData(prefix)), HEADER)
                .read().dataset();
        PixelModule module = PixelModule.of(dataset);
        synchronized (modules) {
            modules.put(objectKey, module);
        }
        return module;
    }

    /**
     * The stored object without its pixel data: the file meta and every other element, read from the bytes before
     * the first frame (cut before the Pixel Data element) and from those after the end of the pixel data, never
     * from the frames. Values too long for memory stay {@link io.tessera.dicom.Value.BulkData} of the object,
     * which {@link WithoutPixelData#bulkData} reads.
     *
     * @param frames the recorded frame locations (at least one)
     */
    public WithoutPixelData withoutPixelData(String objectKey, long objectSize, TransferSyntax syntax, List<Frame> frames)
            throws IOException {
        byte[] prefix = prefix(objectKey, frames.get(0));
        int cut = cutBeforePixelData(prefix);
        long pixelsEnd;
        if (syntax.encapsulated()) {
            long fragmentsEnd = frames.stream().flatMap(frame -> frame.ranges().stream())
                    .mapToLong(ByteRange::end).max().orElseThrow();
            pixelsEnd = fragmentsEnd;
            if (objectSize > fragmentsEnd) {
                try (InputStream items = store.getRange(objectKey, fragmentsEnd, objectSize - fragmentsEnd)) {
                    pixelsEnd += skipToSequenceEnd(items);
                }
            }
        } else {
            // A native Pixel Data value starts where its first frame does; its length ends the element header.
            ByteBuffer header = ByteBuffer.wrap(prefix, prefix.length - 4, 4)
                    .order(syntax.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            pixelsEnd = prefix.length + (header.getInt() & 0xFFFFFFFFL);
        }
        InputStream after = objectSize > pixelsEnd ? store.getRange(objectKey, pixelsEnd, objectSize - pixelsEnd)
                : InputStream.nullInputStream();
        DicomFile file;
        try (InputStream elements = new SequenceInputStream(new ByteArrayInputStream(prefix, 0, cut), after)) {
            file = new DicomReader(elements, ReadOptions.DEFAULTS.withStopAtPixelData(true)).read();
        }
        long shift = pixelsEnd - cut;
        BulkDataSource bulkData = (offset, length) -> store.getRange(objectKey, offset < cut ? offset : offset + shift,
                length);
        return new WithoutPixelData(file, bulkData);
    }

    /** What {@link #withoutPixelData} reads: the elements, and where values left in the object are read from. */
    public record WithoutPixelData(DicomFile file, BulkDataSource bulkData) {
    }

    /** Reads encapsulated items up to their Sequence Delimitation Item (PS3.5 A.4); the bytes read. */
    private static long skipToSequenceEnd(InputStream in) throws IOException {
        long read = 0;
        byte[] header = new byte[8];
        while (in.readNBytes(header, 0, 8) == 8) {
            ByteBuffer item = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int tag = (item.getShort() & 0xFFFF) << 16 | (item.getShort() & 0xFFFF);
            long length = item.getInt() & 0xFFFFFFFFL;
            read += 8;
            if (tag == Tag.SEQUENCE_DELIMITATION) {
                return read;
            }
            in.skipNBytes(length);
            read += length;
        }
        throw new DicomException("the encapsulated pixel data has no sequence delimiter");
    }

    private byte[] prefix(String objectKey, Frame firstFrame) throws IOException {
        try (InputStream in = store.getRange(objectKey, 0, firstFrame.ranges().get(0).offset())) {
            return in.readAllBytes();
        }
    }

    private static int cutBeforePixelData(byte[] prefix) {
        int cut = pixelDataHeader(prefix);
        return cut < 0 ? prefix.length : cut;
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
