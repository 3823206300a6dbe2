package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a data set as Part 10 (or bare), streaming, in any non-compressing transfer syntax, Deflated included;
 * encapsulated pixel data is written as it is held. Choices:
 * <ul>
 *   <li>Sequences and items are written with undefined length: no second pass, no size to precompute.</li>
 *   <li>Group lengths (gggg,0000) of the data set are dropped (retired, PS3.5 7.2, and stale once re-encoded);
 *   the File Meta Information Group Length is recomputed.</li>
 *   <li>A value too long for a 16-bit Explicit VR length is written as UN, as dcmtk does.</li>
 *   <li>A sequence held with VR UN (undefined-length UN, PS3.5 6.2.2) is written as such, items Implicit VR LE.</li>
 * </ul>
 * The writer does not close the stream it writes to.
 */
public final class DicomWriter {
    /** Tessera's implementation root: a UUID-derived UID (PS3.5 B.2) of a fixed, randomly drawn UUID. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.145031764324085388717325644492218117913";
    public static final String IMPLEMENTATION_VERSION_NAME = "TESSERA_01";

    private static final int COPY_CHUNK = 64 * 1024;
    private static final byte[] META_VERSION = {0, 1};

    private final OutputStream target;
    private final BulkDataSource bulkData;
    private final boolean bulkDataBigEndian;

    /** A writer for data sets without {@link Value.BulkData} values. */
    public DicomWriter(OutputStream target) {
        this(target, null, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /**
     * A writer that copies {@link Value.BulkData} from {@code bulkData}, which was encoded in {@code sourceSyntax}
     * (binary values are byte-swapped when source and target byte orders differ).
     */
    public DicomWriter(OutputStream target, BulkDataSource bulkData, TransferSyntax sourceSyntax) {
        this.target = target;
        this.bulkData = bulkData;
        this.bulkDataBigEndian = sourceSyntax.bigEndian();
    }

    /** Writes preamble, "DICM", the file meta of {@link #fileMeta} and the data set in {@code syntax}. */
    public void write(Dataset fileMeta, Dataset dataset, TransferSyntax syntax) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(target, COPY_CHUNK);
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        writeFileMeta(fileMeta(fileMeta, dataset, syntax), out);
        writeBody(dataset, syntax, out);
        out.flush();
    }

    /** Writes the data set alone, without preamble or file meta. */
    public void writeDataset(Dataset dataset, TransferSyntax syntax) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(target, COPY_CHUNK);
        writeBody(dataset, syntax, out);
        out.flush();
    }

    /**
     * The file meta to write: the elements of {@code fileMeta} (may be empty), with the SOP Class and Instance
     * of the data set, the transfer syntax, Tessera as implementation and a recomputed group length.
     */
    public static Dataset fileMeta(Dataset fileMeta, Dataset dataset, TransferSyntax syntax) throws IOException {
        Dataset meta = new Dataset();
        for (int i = 0; i < fileMeta.size(); i++) {
            meta.put(fileMeta.tagAt(i), fileMeta.vrAt(i), fileMeta.valueAt(i));
        }
        if (!meta.contains(Tags.FileMetaInformationVersion)) {
            meta.put(Tags.FileMetaInformationVersion, Vr.OB, new Value.Bytes(META_VERSION));
        }
        copyUid(dataset, Tags.SOPClassUID, meta, Tags.MediaStorageSOPClassUID);
        copyUid(dataset, Tags.SOPInstanceUID, meta, Tags.MediaStorageSOPInstanceUID);
        meta.putStrings(Tags.TransferSyntaxUID, Vr.UI, syntax.uid());
        meta.putStrings(Tags.ImplementationClassUID, Vr.UI, IMPLEMENTATION_CLASS_UID);
        meta.putStrings(Tags.ImplementationVersionName, Vr.SH, IMPLEMENTATION_VERSION_NAME);
        meta.remove(Tags.FileMetaInformationGroupLength);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        new DicomWriter(encoded).writeElements(meta, Encoding.EXPLICIT_LE, encoded);
        byte[] groupLength = new byte[4];
        putInt(groupLength, 0, encoded.size(), false);
        meta.put(Tags.FileMetaInformationGroupLength, Vr.UL, new Value.Bytes(groupLength));
        return meta;
    }

    private static void copyUid(Dataset from, int fromTag, Dataset to, int toTag) {
        String uid = from.string(fromTag);
        if (uid != null && !uid.isEmpty()) {
            to.putStrings(toTag, Vr.UI, uid);
        }
    }

    private void writeFileMeta(Dataset meta, OutputStream out) throws IOException {
        for (int i = 0; i < meta.size(); i++) {
            writeElement(meta.tagAt(i), meta.vrAt(i), meta.valueAt(i), Encoding.EXPLICIT_LE, out);
        }
    }

    private void writeBody(Dataset dataset, TransferSyntax syntax, OutputStream out) throws IOException {
        Encoding encoding = new Encoding(syntax.explicitVr(), syntax.bigEndian());
        if (!syntax.deflated()) {
            writeElements(dataset, encoding, out);
            return;
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true); // raw deflate, PS3.5 A.5
        try {
            DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater, COPY_CHUNK);
            writeElements(dataset, encoding, deflating);
            deflating.finish();
        } finally {
            deflater.end();
        }
    }

    /** How elements are encoded: VR form and byte order. */
    private record Encoding(boolean explicitVr, boolean bigEndian) {
        static final Encoding EXPLICIT_LE = new Encoding(true, false);
        static final Encoding IMPLICIT_LE = new Encoding(false, false);
    }

    private void writeElements(Dataset dataset, Encoding encoding, OutputStream out) throws IOException {
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            if (!Tag.isGroupLength(tag) || Tag.group(tag) == 0x0002) {
                writeElement(tag, dataset.vrAt(i), dataset.valueAt(i), encoding, out);
            }
        }
    }

    private void writeElement(int tag, Vr vr, Value value, Encoding encoding, OutputStream out) throws IOException {
        if (value instanceof Value.Bytes bytes) {
            writeBytes(tag, vr, bytes.bytes(), encoding, out);
        } else if (value instanceof Value.Sequence sequence) {
            writeSequence(tag, vr, sequence, encoding, out);
        } else if (value instanceof Value.Fragments fragments) {
            writeFragments(tag, vr, fragments, encoding, out);
        } else {
            writeBulkData(tag, vr, (Value.BulkData) value, encoding, out);
        }
    }

    private void writeBytes(int tag, Vr vr, byte[] value, Encoding encoding, OutputStream out) throws IOException {
        long length = value.length + (value.length & 1);
        writeHeader(tag, vr, length, encoding, out);
        int unit = ByteSwap.unit(vr);
        if (encoding.bigEndian() && unit > 1) {
            byte[] swapped = value.clone();
            ByteSwap.swap(swapped, 0, swapped.length, unit);
            out.write(swapped);
        } else {
            out.write(value);
        }
        if ((value.length & 1) == 1) {
            out.write(vr.padding());
        }
    }

    private void writeSequence(int tag, Vr vr, Value.Sequence sequence, Encoding encoding, OutputStream out)
            throws IOException {
        writeHeader(tag, vr, -1, encoding, out);
        Encoding itemEncoding = vr == Vr.UN ? Encoding.IMPLICIT_LE : encoding;
        for (Dataset item : sequence.items()) {
            writeItemHeader(Tag.ITEM, -1, itemEncoding, out);
            writeElements(item, itemEncoding, out);
            writeItemHeader(Tag.ITEM_DELIMITATION, 0, itemEncoding, out);
        }
        writeItemHeader(Tag.SEQUENCE_DELIMITATION, 0, itemEncoding, out);
    }

    private void writeFragments(int tag, Vr vr, Value.Fragments fragments, Encoding encoding, OutputStream out)
            throws IOException {
        writeHeader(tag, vr, -1, encoding, out);
        for (byte[] fragment : fragments.fragments()) {
            writeItemHeader(Tag.ITEM, fragment.length + (fragment.length & 1), encoding, out);
            out.write(fragment);
            if ((fragment.length & 1) == 1) {
                out.write(0);
            }
        }
        writeItemHeader(Tag.SEQUENCE_DELIMITATION, 0, encoding, out);
    }

    private void writeBulkData(int tag, Vr vr, Value.BulkData bulk, Encoding encoding, OutputStream out)
            throws IOException {
        if (bulkData == null) {
            throw new DicomException(Tag.toString(tag) + " holds bulk data at offset " + bulk.offset()
                    + " but the writer has no BulkDataSource");
        }
        try (InputStream source = bulkData.open(bulk.offset(), bulk.length())) {
            if (bulk.length() >= 0) {
                writeHeader(tag, vr, bulk.length() + (bulk.length() & 1), encoding, out);
                boolean swap = encoding.bigEndian() != bulkDataBigEndian;
                copy(source, bulk.length(), swap ? ByteSwap.unit(vr) : 1, out);
                if ((bulk.length() & 1) == 1) {
                    out.write(vr.padding());
                }
            } else {
                writeHeader(tag, vr, -1, encoding, out);
                copyFragments(tag, source, encoding, out);
            }
        }
    }

    /** Copies encapsulated items from the source (Little Endian, PS3.5 A.4) up to its sequence delimiter. */
    private void copyFragments(int tag, InputStream source, Encoding encoding, OutputStream out) throws IOException {
        byte[] header = new byte[8];
        while (true) {
            readFully(source, header, tag);
            int itemTag = (getShort(header, 0) << 16) | getShort(header, 2);
            long length = getInt(header, 4) & 0xFFFFFFFFL;
            if (itemTag == Tag.SEQUENCE_DELIMITATION) {
                break;
            }
            if (itemTag != Tag.ITEM) {
                throw new DicomException("bulk data of " + Tag.toString(tag) + " holds " + Tag.toString(itemTag)
                        + " where a fragment item was expected");
            }
            writeItemHeader(Tag.ITEM, length, encoding, out);
            copy(source, length, 1, out);
        }
        writeItemHeader(Tag.SEQUENCE_DELIMITATION, 0, encoding, out);
    }

    private static void readFully(InputStream source, byte[] into, int tag) throws IOException {
        if (source.readNBytes(into, 0, into.length) != into.length) {
            throw new DicomException("bulk data of " + Tag.toString(tag) + " ends early");
        }
    }

    /** Copies {@code length} bytes, reversing each {@code unit}-byte group (unit 1: as is). */
    private static void copy(InputStream source, long length, int unit, OutputStream out) throws IOException {
        byte[] chunk = new byte[COPY_CHUNK]; // a multiple of every unit, so groups never straddle chunks
        long remaining = length;
        while (remaining > 0) {
            int n = source.readNBytes(chunk, 0, (int) Math.min(chunk.length, remaining));
            if (n == 0) {
                throw new DicomException("bulk data source ended " + remaining + " bytes early");
            }
            ByteSwap.swap(chunk, 0, n, unit);
            out.write(chunk, 0, n);
            remaining -= n;
        }
    }

    /** An element header; {@code length} -1 is undefined. Explicit VR short-form VRs that cannot hold it become UN. */
    private static void writeHeader(int tag, Vr vr, long length, Encoding encoding, OutputStream out)
            throws IOException {
        byte[] header = new byte[12];
        putShort(header, 0, Tag.group(tag), encoding.bigEndian());
        putShort(header, 2, Tag.element(tag), encoding.bigEndian());
        int rawLength = length < 0 ? -1 : (int) length;
        if (!encoding.explicitVr()) {
            putInt(header, 4, rawLength, false);
            out.write(header, 0, 8);
            return;
        }
        Vr written = vr.longHeader() || length >= 0 && length <= 0xFFFF ? vr : Vr.UN;
        header[4] = (byte) (written.code() >> 8);
        header[5] = (byte) written.code();
        if (written.longHeader()) {
            putInt(header, 8, rawLength, encoding.bigEndian());
            out.write(header, 0, 12);
        } else {
            putShort(header, 6, (int) length, encoding.bigEndian());
            out.write(header, 0, 8);
        }
    }

    private static void writeItemHeader(int tag, long length, Encoding encoding, OutputStream out) throws IOException {
        byte[] header = new byte[8];
        putShort(header, 0, Tag.group(tag), encoding.bigEndian());
        putShort(header, 2, Tag.element(tag), encoding.bigEndian());
        putInt(header, 4, length < 0 ? -1 : (int) length, encoding.bigEndian());
        out.write(header);
    }

    private static void putShort(byte[] into, int at, int value, boolean bigEndian) {
        into[at + (bigEndian ? 1 : 0)] = (byte) value;
        into[at + (bigEndian ? 0 : 1)] = (byte) (value >> 8);
    }

    private static void putInt(byte[] into, int at, int value, boolean bigEndian) {
        putShort(into, at + (bigEndian ? 2 : 0), value, bigEndian);
        putShort(into, at + (bigEndian ? 0 : 2), value >>> 16, bigEndian);
    }

    private static int getShort(byte[] from, int at) {
        return (from[at] & 0xFF) | (from[at + 1] & 0xFF) << 8;
    }

    private static int getInt(byte[] from, int at) {
        return getShort(from, at) | getShort(from, at + 2) << 16;
    }
}
