package io.tessera.collections;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A streaming ZIP writer whose output is a function of its entries alone: stored (uncompressed) entries, sizes and
 * CRC-32s known up front, a fixed timestamp (1980-01-01 00:00), fixed attributes. So the archive's length is known
 * before a byte is written, and any byte range of it can be produced by skipping whole entries without reading
 * their content (APPNOTE 6.3.10, ZIP64 from 4.3.14 on).
 * <p>
 * Entries are iterated twice, once for the local headers and data and once for the central directory, so they are
 * never held in memory; the source must give the same entries in the same order each time. An entry whose CRC is
 * not known up front is read whole, its CRC computed on the way, and followed by a data descriptor.
 */
final class DeterministicZip {
    /** ZIP's 32-bit fields hold values below these; ZIP64 fields carry the rest. */
    static final long ZIP32_SIZE_LIMIT = 0xFFFFFFFFL;
    static final long ZIP32_COUNT_LIMIT = 0xFFFFL;

    private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;
    private static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    private static final int FLAG_UTF8_NAMES = 1 << 11;
    private static final int VERSION_STORED = 10;
    private static final int VERSION_ZIP64 = 45;

    /** Writes bytes {@code offset} to {@code offset + length} of an entry's data, exactly. */
    @FunctionalInterface
    interface Content {
        void write(long offset, long length, OutputStream out) throws IOException;
    }

    /** @param crc32 null when not known before writing */
    record Entry(String name, long size, Long crc32, Content content) {
        byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface EntrySink {
        void accept(Entry entry) throws IOException;
    }

    /** A repeatable source of entries: the same ones in the same order on every call. */
    @FunctionalInterface
    interface Entries {
        void forEach(EntrySink sink) throws IOException;
    }

    private final long sizeLimit;
    private final long countLimit;

    /** Limits are parameters so tests can take the ZIP64 paths without writing 4 GiB. */
    DeterministicZip(long sizeLimit, long countLimit) {
        this.sizeLimit = sizeLimit;
        this.countLimit = countLimit;
    }

    static DeterministicZip standard() {
        return new DeterministicZip(ZIP32_SIZE_LIMIT, ZIP32_COUNT_LIMIT);
    }

    /** The archive's length in bytes. */
    long length(Entries entries) throws IOException {
        Layout layout = new Layout();
        entries.forEach(layout::add);
        return layout.totalLength();
    }

    /** Writes the whole archive. */
    void write(Entries entries, OutputStream out) throws IOException {
        write(entries, 0, Long.MAX_VALUE, out);
    }

    /** Writes bytes {@code from} (inclusive) to {@code to} (exclusive) of the archive. */
    void write(Entries entries, long from, long to, OutputStream out) throws IOException {
        ByteWindow window = new ByteWindow(out, from, to);
        Map<String, Long> computedCrcs = new HashMap<>();
        try {
            Layout layout = new Layout();
            entries.forEach(entry -> {
                window.write(localHeader(entry));
                writeData(entry, window, computedCrcs);
                layout.add(entry);
                window.stopWhenFull();
            });
            Layout central = new Layout();
            entries.forEach(entry -> {
                long crc = entry.crc32() != null ? entry.crc32() : computedCrcs.get(entry.name());
                window.write(centralHeader(entry, crc, central.offset));
                central.add(entry);
                window.stopWhenFull();
            });
            window.write(end(layout.count, layout.offset, layout.centralSize));
        } catch (ByteWindow.Full done) {
            // the range asked for is written
        }
    }

    private void writeData(Entry entry, ByteWindow window, Map<String, Long> computedCrcs) throws IOException {
        long start = window.position;
        long end = start + entry.size();
        if (entry.crc32() == null) {
            CRC32 crc = new CRC32();
            entry.content().write(0, entry.size(), new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    window.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    window.write(b, off, len);
                }
            });
            window.expectPosition(end, entry.name());
            computedCrcs.put(entry.name(), crc.getValue());
            window.write(dataDescriptor(entry, crc.getValue()));
            return;
        }
        long first = Math.max(start, window.from);
        long last = Math.min(end, window.to);
        if (first < last) {
            window.skipTo(first);
            entry.content().write(first - start, last - first, window);
            window.expectPosition(last, entry.name());
        }
        window.skipTo(end);
    }

    private boolean zip64Sizes(Entry entry) {
        return entry.size() >= sizeLimit;
    }

    private int localHeaderLength(Entry entry) {
        return 30 + entry.nameBytes().length + (zip64Sizes(entry) ? 20 : 0);
    }

    private int dataDescriptorLength(Entry entry) {
        return entry.crc32() != null ? 0 : zip64Sizes(entry) ? 24 : 16;
    }

    private int centralExtraLength(Entry entry, long offset) {
        int fields = (zip64Sizes(entry) ? 2 : 0) + (offset >= sizeLimit ? 1 : 0);
        return fields == 0 ? 0 : 4 + 8 * fields;
    }

    private byte[] localHeader(Entry entry) {
        boolean zip64 = zip64Sizes(entry);
        byte[] name = entry.nameBytes();
        Bytes header = new Bytes(localHeaderLength(entry))
                .int32(0x04034b50).int16(zip64 ? VERSION_ZIP64 : VERSION_STORED).int16(flags(entry)).int16(0)
                .int16(0).int16(DOS_DATE_1980_01_01)
                .int32(entry.crc32() == null ? 0 : entry.crc32())
                .int32(zip64 ? 0xFFFFFFFFL : entry.size()).int32(zip64 ? 0xFFFFFFFFL : entry.size())
                .int16(name.length).int16(zip64 ? 20 : 0).bytes(name);
        if (zip64) {
            header.int16(0x0001).int16(16).int64(entry.size()).int64(entry.size());
        }
        return header.done();
    }

    private byte[] dataDescriptor(Entry entry, long crc) {
        Bytes descriptor = new Bytes(dataDescriptorLength(entry)).int32(0x08074b50).int32(crc);
        return zip64Sizes(entry) ? descriptor.int64(entry.size()).int64(entry.size()).done()
                : descriptor.int32(entry.size()).int32(entry.size()).done();
    }

    private byte[] centralHeader(Entry entry, long crc, long offset) {
        boolean zip64 = zip64Sizes(entry);
        boolean zip64Offset = offset >= sizeLimit;
        int version = zip64 || zip64Offset ? VERSION_ZIP64 : VERSION_STORED;
        byte[] name = entry.nameBytes();
        int extra = centralExtraLength(entry, offset);
        Bytes header = new Bytes(46 + name.length + extra)
                .int32(0x02014b50).int16(version).int16(version).int16(flags(entry)).int16(0)
                .int16(0).int16(DOS_DATE_1980_01_01).int32(crc)
                .int32(zip64 ? 0xFFFFFFFFL : entry.size()).int32(zip64 ? 0xFFFFFFFFL : entry.size())
                .int16(name.length).int16(extra).int16(0).int16(0).int16(0).int32(0)
                .int32(zip64Offset ? 0xFFFFFFFFL : offset).bytes(name);
        if (extra > 0) {
            header.int16(0x0001).int16(extra - 4);
            if (zip64) {
                header.int64(entry.size()).int64(entry.size());
            }
            if (zip64Offset) {
                header.int64(offset);
            }
        }
        return header.done();
    }

    private static int flags(Entry entry) {
        return FLAG_UTF8_NAMES | (entry.crc32() == null ? FLAG_DATA_DESCRIPTOR : 0);
    }

    private boolean zip64End(long count, long centralOffset, long centralSize) {
        return count >= countLimit || centralOffset >= sizeLimit || centralSize >= sizeLimit;
    }

    private int endLength(long count, long centralOffset, long centralSize) {
        return (zip64End(count, centralOffset, centralSize) ? 56 + 20 : 0) + 22;
    }

    private byte[] end(long count, long centralOffset, long centralSize) {
        boolean zip64 = zip64End(count, centralOffset, centralSize);
        Bytes end = new Bytes(endLength(count, centralOffset, centralSize));
        if (zip64) {
            long recordOffset = centralOffset + centralSize;
            end.int32(0x06064b50).int64(44).int16(VERSION_ZIP64).int16(VERSION_ZIP64).int32(0).int32(0)
                    .int64(count).int64(count).int64(centralSize).int64(centralOffset)
                    .int32(0x07064b50).int32(0).int64(recordOffset).int32(1);
        }
        long zip32Count = zip64 ? 0xFFFF : count;
        return end.int32(0x06054b50).int16(0).int16(0).int16(zip32Count).int16(zip32Count)
                .int32(zip64 ? 0xFFFFFFFFL : centralSize).int32(zip64 ? 0xFFFFFFFFL : centralOffset).int16(0)
                .done();
    }

    /** Running offsets: where the next local header goes, how long the central directory gets. */
    private final class Layout {
        long offset;
        long centralSize;
        long count;

        void add(Entry entry) {
            centralSize += 46 + entry.nameBytes().length + centralExtraLength(entry, offset);
            offset += localHeaderLength(entry) + entry.size() + dataDescriptorLength(entry);
            count++;
        }

        long totalLength() {
            return offset + centralSize + endLength(count, offset, centralSize);
        }
    }

    /** Little-endian fields into a buffer of known length. */
    private static final class Bytes {
        private final byte[] buffer;
        private int at;

        Bytes(int length) {
            buffer = new byte[length];
        }

        Bytes int16(long value) {
            buffer[at++] = (byte) value;
            buffer[at++] = (byte) (value >>> 8);
            return this;
        }

        Bytes int32(long value) {
            return int16(value & 0xFFFF).int16(value >>> 16 & 0xFFFF);
        }

        Bytes int64(long value) {
            return int32(value & 0xFFFFFFFFL).int32(value >>> 32);
        }

        Bytes bytes(byte[] value) {
            System.arraycopy(value, 0, buffer, at, value.length);
            at += value.length;
            return this;
        }

        byte[] done() {
            if (at != buffer.length) {
                throw new IllegalStateException("ZIP record of " + at + " bytes, " + buffer.length + " expected");
            }
            return buffer;
        }
    }
}
