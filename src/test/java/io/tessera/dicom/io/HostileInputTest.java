package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Corrupt and hostile input ends in DicomException, quickly and without large allocations. */
class HostileInputTest {
    static final List<String> SAMPLES = List.of("CT_small.dcm", "rtplan.dcm", "JPEG2000.dcm", "image_dfl.dcm",
            "ExplVR_BigEnd.dcm", "MR_small_implicit.dcm", "UN_sequence.dcm", "SC_rgb_rle_2frame.dcm");

    static byte[] sample(String name) throws IOException {
        Path file = PydicomReference.DATA.resolve("test_files").resolve(name);
        assumeTrue(Files.exists(file), "pydicom test file " + file + " is not installed");
        return Files.readAllBytes(file);
    }

    /** Reads, accepting success or DicomException; anything else fails the test. */
    static void readOrReject(byte[] input, ReadOptions options) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                new DicomReader(new ByteArrayInputStream(input), options).read();
            } catch (DicomException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        });
    }

    @Test
    void truncationAnywhereReadsOrFailsCleanly() throws IOException {
        for (String name : SAMPLES) {
            byte[] whole = sample(name);
            int step = Math.max(1, whole.length / 400);
            for (int cut = 0; cut < whole.length; cut += step) {
                readOrReject(Arrays.copyOf(whole, cut), ReadOptions.DEFAULTS);
            }
        }
    }

    @Test
    void truncationInsideAValueNamesTagAndOffset() throws IOException {
        byte[] whole = sample("CT_small.dcm");
        DicomException e = assertThrows(DicomException.class, () -> read(Arrays.copyOf(whole, whole.length - 1000)));
        assertTrue(e.getMessage().contains("(7FE0,0010)") && e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void lengthBeyondTheStreamIsNotAllocated() {
        // (0009,1010) OB of 60 MB, under the default limit, followed by 16 bytes: must fail on EOF, not allocate.
        byte[] lying = element(0x00091010, "OB", 60 << 20, new byte[16]);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(DicomException.class, () -> read(lying)));
        byte[] text = element(0x00100010, "UT", 0xFFFFFFF0, new byte[16]);
        DicomException e = assertThrows(DicomException.class, () -> read(text));
        assertTrue(e.getMessage().contains("(0010,0010)"), e.getMessage());
    }

    @Test
    void largeBinaryValuesBecomeBulkData() throws DicomException {
        byte[] input = element(0x00091010, "OB", 4096, new byte[4096]);
        DicomFile file = new DicomReader(new ByteArrayInputStream(input),
                ReadOptions.DEFAULTS.withMaxElementLength(1024)).read();
        assertEquals(new Value.BulkData(12, 4096), file.dataset().get(0x00091010));
    }

    @Test
    void nestingBeyondMaxDepthIsRejected() {
        ByteBuffer nested = ByteBuffer.allocate(1000 * 20).order(ByteOrder.LITTLE_ENDIAN);
        for (int depth = 0; depth < 1000; depth++) {
            nested.putShort((short) 0x0040).putShort((short) 0xA730).put("SQ".getBytes()).putShort((short) 0).putInt(-1);
            nested.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        }
        DicomException e = assertThrows(DicomException.class, () -> read(nested.array()));
        assertTrue(e.getMessage().contains("deeper than 32"), e.getMessage());
    }

    @Test
    void deflateBombIsStopped() throws IOException {
        // An OB element of 256 MB of zeros: compresses to about 250 kB.
        byte[] bomb = deflatedZeros(256L << 20);
        ReadOptions sizeLimited = ReadOptions.DEFAULTS.withMaxInflatedBytes(32 << 20).withMaxInflateRatio(Integer.MAX_VALUE);
        DicomException bySize = assertThrows(DicomException.class,
                () -> new DicomReader(new ByteArrayInputStream(bomb), sizeLimited).read());
        assertTrue(bySize.getMessage().contains("inflates beyond"), bySize.getMessage());
        DicomException byRatio = assertThrows(DicomException.class, () -> read(bomb));
        assertTrue(byRatio.getMessage().contains("inflates more than"), byRatio.getMessage());
    }

    @Test
    void randomGarbageReadsOrFailsCleanly() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] garbage = new byte[random.nextInt(4096)];
            random.nextBytes(garbage);
            readOrReject(garbage, ReadOptions.DEFAULTS.withMaxElementLength(1 << 20));
            // The same after a valid preamble, so that the meta and syntax paths see garbage too.
            byte[] withPreamble = new byte[132 + garbage.length];
            System.arraycopy("DICM".getBytes(), 0, withPreamble, 128, 4);
            System.arraycopy(garbage, 0, withPreamble, 132, garbage.length);
            readOrReject(withPreamble, ReadOptions.DEFAULTS.withMaxElementLength(1 << 20));
        }
    }

    @Test
    void unknownVrAndImplicitElementsInsideExplicitAreRead() throws DicomException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(element(0x00080016, "UI", 4, "1.2\0".getBytes()));
        out.writeBytes(element(0x00090010, "ZZ", 4, "ABCD".getBytes())); // unknown VR, short form
        byte[] implicit = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x0010).putShort((short) 0x0020).putInt(4).put("ID01".getBytes()).array();
        out.writeBytes(implicit);
        DicomFile file = read(out.toByteArray());
        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, file.transferSyntax());
        Dataset dataset = file.dataset();
        assertEquals(Vr.UN, dataset.vrOf(0x00090010));
        assertEquals(Vr.LO, dataset.vrOf(0x00100020));
        assertEquals("ID01", dataset.string(0x00100020));
    }

    @Test
    void undefinedLengthUnIsReadAsImplicitSequence() throws DicomException {
        ByteBuffer input = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        input.putShort((short) 0x0008).putShort((short) 0x1140).put("UN".getBytes()).putShort((short) 0).putInt(-1);
        input.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        input.putShort((short) 0x0008).putShort((short) 0x1150).putInt(4).put("1.2\0".getBytes()); // implicit inside
        input.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
        input.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        Dataset dataset = read(Arrays.copyOf(input.array(), input.position())).dataset();
        assertEquals(Vr.SQ, dataset.vrOf(0x00081140));
        assertEquals("1.2", dataset.items(0x00081140).get(0).string(0x00081150));
        assertInstanceOf(Value.Sequence.class, dataset.get(0x00081140));
    }

    private static DicomFile read(byte[] input) throws DicomException {
        return new DicomReader(new ByteArrayInputStream(input)).read();
    }

    /** One Explicit VR LE element with the given (possibly lying) length and value bytes. */
    static byte[] element(int tag, String vr, int length, byte[] value) {
        boolean longForm = !vr.equals("ZZ") && Vr.valueOf(vr).longHeader();
        ByteBuffer out = ByteBuffer.allocate(12 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes());
        if (longForm) {
            out.putShort((short) 0).putInt(length);
        } else {
            out.putShort((short) length);
        }
        out.put(value);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Part 10 in Deflated Explicit VR LE holding one OB element of {@code zeros} zero bytes. */
    private static byte[] deflatedZeros(long zeros) throws IOException {
        Dataset dataset = new Dataset();
        dataset.put(0x00091010, Vr.OB, new Value.BulkData(0, zeros));
        BulkDataSource source = (offset, length) -> Zeros.of(length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out, source, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .write(new Dataset(), dataset, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }
}
