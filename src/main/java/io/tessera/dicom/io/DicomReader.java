package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.ElementDictionary;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one DICOM stream: Part 10 (preamble, "DICM", file meta) or a bare data set, in any transfer syntax.
 * Offsets count from the first byte of the stream. Binary values come out little-endian. Corrupt or hostile
 * input ends in a {@link DicomException} naming the tag and offset, within memory bounded by {@link ReadOptions}.
 *
 * <p>Leniencies, each following what dcmtk or pydicom accept:
 * <ul>
 *   <li>No preamble and no meta: the syntax is guessed from the first element header.</li>
 *   <li>An Explicit VR element whose VR bytes are not letters is taken as Implicit VR (a writer switched
 *   encodings); two unknown letters are read as UN, with the long header form if the next two bytes are zero.</li>
 *   <li>An item whose first element looks Explicit VR inside an Implicit VR data set, or the reverse, is read in
 *   the encoding it looks like.</li>
 *   <li>A non-SQ element of undefined length is read as a sequence: UN in Implicit VR LE (PS3.5 6.2.2), other VRs in
 *   the current syntax, VR recorded as SQ.</li>
 *   <li>The stream may end between two elements of an unfinished item or sequence, as dcmtk accepts (missing
 *   delimiters, or a file cut after a whole element); it may not end inside a header or value.</li>
 *   <li>Group lengths and Data Set Trailing Padding (FFFC,FFFC) are kept as read (large padding as bulk data).</li>
 * </ul>
 */
public final class DicomReader {
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int[] JPEG_SOI = {0xFF, 0xD8};
    private static final int[] J2K_SOC = {0xFF, 0x4F};

    /** How elements are encoded at some point of the stream. */
    private record Encoding(boolean explicitVr, boolean bigEndian) {
        static final Encoding IMPLICIT_LE = new Encoding(false, false);
        static final Encoding EXPLICIT_LE = new Encoding(true, false);
    }

    /** An element header; {@code length} is -1 when undefined. */
    private record Header(int tag, Vr vr, long length, long offset) {
    }

    private final ReadOptions options;
    private final ElementDictionary dictionary = ElementDictionary.standard();
    private DicomInput in;
    private boolean offsetsInSource = true;
    private PixelDataInfo pixelData;
    private boolean used;

    public DicomReader(InputStream in) {
        this(in, ReadOptions.DEFAULTS);
    }

    public DicomReader(InputStream in, ReadOptions options) {
        this.in = new DicomInput(in, 0);
        this.options = options;
    }

    /** Reads the whole stream. A reader reads once. */
    public DicomFile read() throws DicomException {
        if (used) {
            throw new IllegalStateException("a DicomReader reads one stream once");
        }
        used = true;
        try {
            Dataset meta = readFileMeta();
            String uid = meta.string(Tags.TransferSyntaxUID);
            TransferSyntax syntax = uid != null && !uid.isEmpty() ? TransferSyntax.of(uid) : guessSyntax();
            if (syntax.deflated()) {
                in = new DicomInput(new InflatingInputStream(in.remainder(), options), in.position());
                offsetsInSource = false;
            }
            Dataset dataset = new Dataset();
            readDataset(dataset, new Encoding(syntax.explicitVr(), syntax.bigEndian()), -1, 0);
            return new DicomFile(meta, dataset, syntax, pixelData);
        } catch (EOFException e) {
            throw new DicomException("truncated DICOM stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw DicomInput.wrap(e, in.position());
        }
    }

    private Dataset readFileMeta() throws IOException {
        Dataset meta = new Dataset();
        boolean preamble = in.fill(132) >= 132
                && in.peek(128) == 'D' && in.peek(129) == 'I' && in.peek(130) == 'C' && in.peek(131) == 'M';
        if (preamble) {
            in.skip(132);
        }
        // File meta is always Explicit VR LE (PS3.10 7.1); some writers omit the preamble but keep the meta.
        while (in.fill(2) >= 2 && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            readElement(meta, readHeader(meta, Encoding.EXPLICIT_LE), Encoding.EXPLICIT_LE, 0);
        }
        return meta;
    }

    /** Guesses the syntax of a data set without meta from its first element header, as dcmtk and pydicom do. */
    private TransferSyntax guessSyntax() throws IOException {
        if (in.fill(6) < 6) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        if (Vr.ofCode((in.peek(4) << 8) | in.peek(5)) == null) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        // Data sets start with low group numbers: the byte order giving the smaller group is the right one.
        int groupLittle = in.peek(0) | (in.peek(1) << 8);
        int groupBig = (in.peek(0) << 8) | in.peek(1);
        return groupBig < groupLittle ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    /** Reads elements into {@code dataset} until {@code end} (absolute), or an item delimiter or the stream end when -1. */
    private void readDataset(Dataset dataset, Encoding encoding, long end, int depth) throws IOException {
        while ((end < 0 || in.position() < end) && !in.atEnd()) {
            Header header = readHeader(dataset, encoding);
            if (header.tag() == Tag.ITEM_DELIMITATION) {
                if (end < 0 && depth > 0) {
                    return;
                }
                continue; // stray delimiter in a data set of defined length: meaningless, skip it
            }
            if (Tag.group(header.tag()) == 0xFFFE) {
                throw new DicomException("unexpected " + Tag.toString(header.tag()) + " at offset " + header.offset());
            }
            readElement(dataset, header, encoding, depth);
        }
        if (end >= 0 && in.position() > end) {
            throw new DicomException("item overruns its length: ends at offset " + in.position() + ", expected " + end);
        }
    }

    private Header readHeader(Dataset dataset, Encoding encoding) throws IOException {
        long offset = in.position();
        int tag = in.readTag(encoding.bigEndian());
        if (Tag.group(tag) == 0xFFFE) {
            // Items and delimiters have no VR in any syntax (PS3.5 7.5).
            return new Header(tag, null, length(in.readInt(encoding.bigEndian())), offset);
        }
        if (!encoding.explicitVr()) {
            return implicitHeader(dataset, tag, length(in.readInt(false)), offset);
        }
        if (in.fill(4) < 4) {
            throw new EOFException("stream ends in the header of " + Tag.toString(tag) + " at offset " + offset);
        }
        int first = in.peek(0);
        int second = in.peek(1);
        Vr vr = Vr.ofCode((first << 8) | second);
        if (vr == null && !(isUpperCase(first) && isUpperCase(second))) {
            // Not a VR at all: this element was written in Implicit VR.
            return implicitHeader(dataset, tag, length(in.readInt(encoding.bigEndian())), offset);
        }
        in.skip(2);
        boolean longHeader = vr != null ? vr.longHeader() : in.peek(0) == 0 && in.peek(1) == 0;
        if (longHeader) {
            in.skip(2);
            return new Header(tag, vr != null ? vr : Vr.UN, length(in.readInt(encoding.bigEndian())), offset);
        }
        return new Header(tag, vr != null ? vr : Vr.UN, in.readUnsignedShort(encoding.bigEndian()), offset);
    }

    private static boolean isUpperCase(int b) {
        return b >= 'A' && b <= 'Z';
    }

    private static long length(int raw) {
        long length = raw & 0xFFFFFFFFL;
        return length == UNDEFINED_LENGTH ? -1 : length;
    }

    private Header implicitHeader(Dataset dataset, int tag, long length, long offset) {
        return new Header(tag, implicitVr(dataset, tag, length), length, offset);
    }

    /** The VR of an Implicit VR element: from the dictionary, for private elements under their creator. */
    private Vr implicitVr(Dataset dataset, int tag, long length) {
        if (tag == Tags.PixelData) {
            // PS3.5 A.1: native pixel data in Implicit VR is OW; encapsulated (undefined length) is OB (A.4).
            return length < 0 ? Vr.OB : Vr.OW;
        }
        if (Tag.isPrivate(tag) && !Tag.isPrivateCreator(tag) && !Tag.isGroupLength(tag)) {
            byte[] creator = dataset.bytes(Tag.privateCreatorOf(tag));
            // Creators are plain ASCII in practice; decoding them raw keeps a bad (0008,0005) from failing the read.
            ElementDictionary.Entry entry = creator == null ? null
                    : dictionary.privateEntry(new String(creator, StandardCharsets.ISO_8859_1).replace("\0", ""), tag);
            return entry == null ? Vr.UN : entry.defaultVr();
        }
        ElementDictionary.Entry entry = dictionary.entry(tag);
        if (entry != null && entry.vrs().contains(Vr.SS) && entry.vrs().contains(Vr.US)) {
            // PS3.5 A.1: "US or SS" elements follow Pixel Representation (0028,0103): 1 means signed.
            return pixelRepresentation(dataset) == 1 ? Vr.SS : Vr.US;
        }
        return dictionary.vrOf(tag);
    }

    private static long pixelRepresentation(Dataset dataset) {
        for (Dataset scope = dataset; scope != null; scope = scope.parent()) {
            long[] value = scope.longs(Tags.PixelRepresentation);
            if (value.length > 0) {
                return value[0];
            }
        }
        return 0;
    }

    private void readElement(Dataset dataset, Header header, Encoding encoding, int depth) throws IOException {
        int tag = header.tag();
        if (header.length() < 0) {
            if (tag == Tags.PixelData) {
                readEncapsulated(dataset, header, encoding, depth);
            } else if (header.vr() == Vr.UN) {
                Vr vr = dictionary.vrOf(tag) == Vr.SQ ? Vr.SQ : Vr.UN;
                dataset.put(tag, vr, readSequence(header, Encoding.IMPLICIT_LE, depth + 1));
            } else {
                dataset.put(tag, Vr.SQ, readSequence(header, encoding, depth + 1));
            }
            return;
        }
        if (header.vr() == Vr.SQ) {
            dataset.put(tag, Vr.SQ, readSequence(header, encoding, depth + 1));
            return;
        }
        long valueOffset = in.position();
        boolean topPixelData = tag == Tags.PixelData && depth == 0;
        boolean leaveInSource = topPixelData && options.stopAtPixelData() || header.length() > options.maxElementLength();
        if (leaveInSource) {
            if (!isBulk(header.vr()) && tag != Tags.PixelData) {
                throw new DicomException(Tag.toString(tag) + " at offset " + header.offset() + ": value length "
                        + header.length() + " exceeds the limit of " + options.maxElementLength());
            }
            in.skip(header.length());
            dataset.put(tag, header.vr(), new Value.BulkData(valueOffset, header.length()));
        } else {
            byte[] value = readValue(header);
            if (encoding.bigEndian()) {
                ByteSwap.swap(value, 0, value.length, ByteSwap.unit(header.vr()));
            }
            dataset.put(tag, header.vr(), new Value.Bytes(value));
        }
        if (topPixelData) {
            pixelData = FrameLocator.nativeFrames(dataset, valueOffset, header.length(), header.vr(), offsetsInSource);
        }
    }

    private byte[] readValue(Header header) throws IOException {
        try {
            return in.readBytes((int) header.length());
        } catch (EOFException e) {
            throw new DicomException("value of " + Tag.toString(header.tag()) + " at offset " + header.offset()
                    + " (length " + header.length() + ") runs past the end of the stream", e);
        }
    }

    private static boolean isBulk(Vr vr) {
        return switch (vr) {
            case OB, OD, OF, OL, OV, OW, UN -> true;
            default -> false;
        };
    }

    private Value.Sequence readSequence(Header header, Encoding encoding, int depth) throws IOException {
        if (depth > options.maxDepth()) {
            throw new DicomException("sequence " + Tag.toString(header.tag()) + " at offset " + header.offset()
                    + " nests deeper than " + options.maxDepth());
        }
        long end = header.length() < 0 ? -1 : in.position() + header.length();
        List<Dataset> items = new ArrayList<>();
        while ((end < 0 || in.position() < end) && !in.atEnd()) {
            long itemOffset = in.position();
            int tag = in.readTag(encoding.bigEndian());
            long length = length(in.readInt(encoding.bigEndian()));
            if (tag == Tag.SEQUENCE_DELIMITATION) {
                break;
            }
            if (tag != Tag.ITEM) {
                throw new DicomException("expected an item in sequence " + Tag.toString(header.tag()) + ", found "
                        + Tag.toString(tag) + " at offset " + itemOffset);
            }
            Dataset item = new Dataset();
            readDataset(item, itemEncoding(encoding), length < 0 ? -1 : in.position() + length, depth);
            items.add(item);
        }
        if (end >= 0 && in.position() > end) {
            throw new DicomException("sequence " + Tag.toString(header.tag()) + " at offset " + header.offset()
                    + " overruns its length");
        }
        return new Value.Sequence(items);
    }

    /** Some writers encode items in the other VR form than the data set; look at the item's first header. */
    private Encoding itemEncoding(Encoding encoding) throws IOException {
        if (encoding.bigEndian() || in.fill(6) < 6 || in.peek(0) == 0xFE && in.peek(1) == 0xFF) {
            return encoding;
        }
        boolean looksExplicit = Vr.ofCode((in.peek(4) << 8) | in.peek(5)) != null;
        return looksExplicit == encoding.explicitVr() ? encoding : new Encoding(looksExplicit, false);
    }

    /** Encapsulated pixel data (PS3.5 A.4): items of defined length up to a sequence delimiter. */
    private void readEncapsulated(Dataset dataset, Header header, Encoding encoding, int depth) throws IOException {
        long valueOffset = in.position();
        boolean top = depth == 0;
        boolean keep = !(top && options.stopAtPixelData());
        List<byte[]> fragments = new ArrayList<>();
        List<ByteRange> ranges = new ArrayList<>();
        List<Boolean> startsImage = new ArrayList<>();
        byte[] offsetTable = null;
        long total = 0;
        while (!in.atEnd()) {
            long itemOffset = in.position();
            int tag = in.readTag(encoding.bigEndian());
            long length = length(in.readInt(encoding.bigEndian()));
            if (tag == Tag.SEQUENCE_DELIMITATION) {
                break;
            }
            if (tag != Tag.ITEM || length < 0) {
                throw new DicomException("expected a fragment item of defined length in Pixel Data at offset "
                        + itemOffset + ", found " + Tag.toString(tag));
            }
            ranges.add(new ByteRange(in.position(), length));
            startsImage.add(in.fill(2) >= 2 && (startsWith(JPEG_SOI) || startsWith(J2K_SOC)));
            total += length;
            if (keep && total > options.maxElementLength()) {
                keep = false;
                fragments.clear();
            }
            boolean isOffsetTable = ranges.size() == 1;
            if (keep || isOffsetTable && top && length <= options.maxElementLength()) {
                byte[] fragment = readValue(new Header(tag, Vr.OB, length, itemOffset));
                if (isOffsetTable) {
                    offsetTable = fragment;
                }
                fragments.add(fragment);
            } else {
                in.skip(length);
            }
        }
        dataset.put(header.tag(), header.vr(), keep ? new Value.Fragments(fragments) : new Value.BulkData(valueOffset, -1));
        if (top) {
            pixelData = FrameLocator.encapsulatedFrames(dataset, valueOffset, header.vr(), offsetTable, ranges,
                    startsImage, offsetsInSource);
        }
    }

    private boolean startsWith(int[] marker) {
        return in.peek(0) == marker[0] && in.peek(1) == marker[1];
    }
}
