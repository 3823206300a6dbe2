package io.tessera.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A DICOM Part 10 instance (Explicit VR Little Endian, native 16-bit MONOCHROME2 pixels) made on the fly: a header
 * written by hand here (independent of the codec under test) followed by a Pixel Data value whose bytes come from a
 * counter-based generator, so any byte range can be recomputed without holding the instance in memory.
 * {@link #open()} streams it as often as needed; sizes up to 4 GiB - 2 of pixel data.
 */
public final class SyntheticInstance {
    static final String EXPLICIT_VR_LE = "1.2.840.10008.1.2.1";
    static final String MULTIFRAME_GRAYSCALE_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3";
    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final String IMPLEMENTATION_CLASS_UID = "2.25.1234567890123456789012345678901234";

    private final String studyUid;
    private final String seriesUid;
    private final String sopInstanceUid;
    private final int instanceNumber;
    private final int rows;
    private final int columns;
    private final int frames;
    private final long seed;
    private final byte[] header;

    public SyntheticInstance(String studyUid, String seriesUid, String sopInstanceUid, int instanceNumber,
                             int rows, int columns, int frames, long seed) {
        if (frameLength(rows, columns) % 8 != 0) {
            throw new IllegalArgumentException("rows*columns*2 must be a multiple of 8");
        }
        this.studyUid = studyUid;
        this.seriesUid = seriesUid;
        this.sopInstanceUid = sopInstanceUid;
        this.instanceNumber = instanceNumber;
        this.rows = rows;
        this.columns = columns;
        this.frames = frames;
        this.seed = seed;
        if ((long) frameLength(rows, columns) * frames > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("pixel data longer than a 32-bit length allows");
        }
        this.header = buildHeader();
    }

    /** A UID under 2.25 made from two numbers (stable across runs when the numbers are). */
    public static String uid(long a, long b) {
        return "2.25." + new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(a).putLong(b).array());
    }

    public String studyUid() {
        return studyUid;
    }

    public String seriesUid() {
        return seriesUid;
    }

    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    public String sopClassUid() {
        return MULTIFRAME_GRAYSCALE_WORD_SC;
    }

    public int frames() {
        return frames;
    }

    public int frameLength() {
        return frameLength(rows, columns);
    }

    public long pixelDataLength() {
        return (long) frameLength() * frames;
    }

    public int headerLength() {
        return header.length;
    }

    /** Bytes of the whole Part 10 file. */
    public long length() {
        return header.length + pixelDataLength();
    }

    /** The whole file, streamed. */
    public InputStream open() {
        return new InstanceStream();
    }

    /** The bytes of frame {@code number} (1-based), as stored in Pixel Data. */
    public byte[] frame(int number) {
        return pixels((long) (number - 1) * frameLength(), frameLength());
    }

    /** {@code length} bytes of the Pixel Data value from {@code offset} (relative to the value). */
    public byte[] pixels(long offset, int length) {
        byte[] out = new byte[length];
        fill(out, 0, offset, length);
        return out;
    }

    /** SHA-256 (lower-case hex) of the Pixel Data value, computed by streaming it. */
    public String pixelDataSha256() throws IOException {
        try (InputStream in = open()) {
            in.skipNBytes(header.length);
            return sha256(in);
        }
    }

    /** SHA-256 (lower-case hex) of the whole file, computed by streaming it. */
    public String sha256() throws IOException {
        try (InputStream in = open()) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int frameLength(int rows, int columns) {
        return rows * columns * 2;
    }

    /** Writes pixel bytes [offset, offset+length) into out; offsets are pixel-data relative. */
    private void fill(byte[] out, int at, long offset, int length) {
        long block = offset >>> 3;
        int skip = (int) (offset & 7);
        int written = 0;
        while (written < length) {
            long value = mix(seed + block * 0x9E3779B97F4A7C15L);
            if (skip == 0 && length - written >= 8) {
                LONG_LE.set(out, at + written, value);
                written += 8;
                block++;
                continue;
            }
            for (int i = skip; i < 8 && written < length; i++) {
                out[at + written++] = (byte) (value >>> (8 * i));
            }
            skip = 0;
            block++;
        }
    }

    /** SplitMix64's finalizer: a good 64-bit mix, fast enough to make ~1 GB/s. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private byte[] buildHeader() {
        ByteArrayOutputStream dataset = new ByteArrayOutputStream();
        // Elements in ascending tag order.
        text(dataset, 0x0008, 0x0016, "UI", MULTIFRAME_GRAYSCALE_WORD_SC);
        text(dataset, 0x0008, 0x0018, "UI", sopInstanceUid);
        text(dataset, 0x0008, 0x0020, "DA", "20240102");
        text(dataset, 0x0008, 0x0030, "TM", "120000");
        text(dataset, 0x0008, 0x0050, "SH", "ACC" + (Math.abs(seed) % 100000));
        text(dataset, 0x0008, 0x0060, "CS", "OT");
        text(dataset, 0x0008, 0x0064, "CS", "WSD");
        text(dataset, 0x0008, 0x1030, "LO", "Process test study");
        text(dataset, 0x0010, 0x0010, "PN", "Process^Test");
        text(dataset, 0x0010, 0x0020, "LO", "PROC-IT");
        text(dataset, 0x0020, 0x000D, "UI", studyUid);
        text(dataset, 0x0020, 0x000E, "UI", seriesUid);
        text(dataset, 0x0020, 0x0010, "SH", "1");
        text(dataset, 0x0020, 0x0011, "IS", "1");
        text(dataset, 0x0020, 0x0013, "IS", Integer.toString(instanceNumber));
        us(dataset, 0x0028, 0x0002, 1);
        text(dataset, 0x0028, 0x0004, "CS", "MONOCHROME2");
        text(dataset, 0x0028, 0x0008, "IS", Integer.toString(frames));
        us(dataset, 0x0028, 0x0010, rows);
        us(dataset, 0x0028, 0x0011, columns);
        us(dataset, 0x0028, 0x0100, 16);
        us(dataset, 0x0028, 0x0101, 16);
        us(dataset, 0x0028, 0x0102, 15);
        us(dataset, 0x0028, 0x0103, 0);
        // Pixel Data (7FE0,0010) OW: only its header; the value streams after.
        tag(dataset, 0x7FE0, 0x0010);
        ascii(dataset, "OW");
        le16(dataset, 0);
        le32(dataset, pixelDataLength());

        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        tag(meta, 0x0002, 0x0001);
        ascii(meta, "OB");
        le16(meta, 0);
        le32(meta, 2);
        meta.write(0);
        meta.write(1);
        text(meta, 0x0002, 0x0002, "UI", MULTIFRAME_GRAYSCALE_WORD_SC);
        text(meta, 0x0002, 0x0003, "UI", sopInstanceUid);
        text(meta, 0x0002, 0x0010, "UI", EXPLICIT_VR_LE);
        text(meta, 0x0002, 0x0012, "UI", IMPLEMENTATION_CLASS_UID);
        text(meta, 0x0002, 0x0013, "SH", "TESSERA_IT");

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        ascii(file, "DICM");
        tag(file, 0x0002, 0x0000);
        ascii(file, "UL");
        le16(file, 4);
        le32(file, meta.size());
        file.writeBytes(meta.toByteArray());
        file.writeBytes(dataset.toByteArray());
        return file.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, int group, int element, String vr, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        int padded = bytes.length + (bytes.length & 1);
        tag(out, group, element);
        ascii(out, vr);
        le16(out, padded);
        out.writeBytes(bytes);
        if (padded > bytes.length) {
            out.write(vr.equals("UI") ? 0 : ' ');
        }
    }

    private static void us(ByteArrayOutputStream out, int group, int element, int value) {
        tag(out, group, element);
        ascii(out, "US");
        le16(out, 2);
        le16(out, value);
    }

    private static void tag(ByteArrayOutputStream out, int group, int element) {
        le16(out, group);
        le16(out, element);
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void le16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
    }

    private static void le32(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    /** Header bytes, then generated pixel bytes. */
    private final class InstanceStream extends InputStream {
        private long position;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            long remaining = length() - position;
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            int done = 0;
            if (position < header.length) {
                int fromHeader = (int) Math.min(n, header.length - position);
                System.arraycopy(header, (int) position, buffer, offset, fromHeader);
                done = fromHeader;
            }
            if (done < n) {
                fill(buffer, offset + done, position + done - header.length, n - done);
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, length() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, length() - position);
        }
    }
}
