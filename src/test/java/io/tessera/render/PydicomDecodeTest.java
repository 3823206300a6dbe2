package io.tessera.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every compressed file Debian's pydicom ships: decoded by {@link FrameDecoder} and transcoded by
 * {@link Transcoder} to Explicit VR Little Endian, then compared with pydicom's own decoding (numpy for RLE,
 * Pillow for JPEG and JPEG 2000) wherever pydicom can decode. Lossless syntaxes must match exactly; lossy ones
 * (different IDCT and colour conversion code) within a mean absolute difference of 1.
 */
public class PydicomDecodeTest {
    private static final Path FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final Set<String> LOSSY = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.81");
    private static Path oracle;

    record Entry(String name, String syntax, String photometric, String status) {
    }

    @BeforeAll
    static void runPydicom() throws Exception {
        oracle = Path.of(System.getProperty("test.build.dir", "target"), "pydicom-pixels");
        Path script = Files.createTempFile("pydicom_pixels", ".py");
        try (InputStream in = PydicomDecodeTest.class.getResourceAsStream("pydicom_pixels.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), FILES.toString(), oracle.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    static List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(oracle.resolve("index.tsv"))) {
            String[] f = line.split("\t");
            entries.add(new Entry(f[0], f[1], f[2], f[3]));
        }
        return entries;
    }

    @Test
    void decodedFramesEqualPydicomsPixels() throws Exception {
        int compared = 0;
        List<String> report = new ArrayList<>();
        for (Entry entry : entries()) {
            byte[] bytes = Files.readAllBytes(FILES.resolve(entry.name()));
            DicomFile file = new DicomReader(new ByteArrayInputStream(bytes)).read();
            PixelModule module = PixelModule.of(file.dataset());
            TransferSyntax syntax = file.transferSyntax();
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            String outcome;
            try {
                for (Frame frame : file.pixelData().frames()) {
                    ours.write(FrameDecoder.decodeToNative(module, syntax, Transcoder.bytesOf(bytes, frame)));
                }
                outcome = "decoded";
            } catch (CannotDecodeException e) {
                outcome = "cannot decode: " + e.getMessage();
            }
            if (!entry.status().equals("ok")) {
                report.add(entry.name() + " (pydicom: " + entry.status() + "): " + outcome);
                continue;
            }
            assertEquals("decoded", outcome, entry.name());
            long[] expected = pydicomValues(entry);
            long[] actual = values(ours.toByteArray(), module);
            assertEquals(expected.length, actual.length, entry.name() + ": sample count");
            double sum = 0;
            long max = 0;
            for (int i = 0; i < expected.length; i++) {
                long d = Math.abs(expected[i] - actual[i]);
                sum += d;
                max = Math.max(max, d);
            }
            double mean = sum / expected.length;
            report.add(String.format("%s %s %s: mean |diff| %.4f, max %d", entry.name(), entry.syntax(),
                    entry.photometric(), mean, max));
            if (LOSSY.contains(entry.syntax())) {
                assertTrue(mean <= 1.0, entry.name() + ": mean difference " + mean);
            } else {
                assertEquals(0, max, entry.name() + ": lossless decoding differs from pydicom's");
            }
            compared++;
        }
        System.out.println("pydicom decode comparison:\n  " + String.join("\n  ", report));
        assertTrue(compared >= 25, "compared " + compared + " files with pydicom");
    }

    @Test
    void compressedFilesTranscodeToExplicitVrLittleEndian() throws Exception {
        int transcoded = 0;
        for (Entry entry : entries()) {
            byte[] bytes = Files.readAllBytes(FILES.resolve(entry.name()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Transcoder.toExplicitVrLittleEndian(bytes, out);
            } catch (CannotDecodeException e) {
                if (entry.status().equals("ok")) {
                    fail(entry.name() + " decodes in pydicom but not here: " + e.getMessage());
                }
                continue;
            }
            DicomFile result = new DicomReader(new ByteArrayInputStream(out.toByteArray())).read();
            assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), result.transferSyntax().uid(), entry.name());
            PixelModule module = PixelModule.of(result.dataset());
            Value pixels = result.dataset().get(Tags.PixelData);
            assertTrue(pixels instanceof Value.Bytes, entry.name());
            int length = ((Value.Bytes) pixels).bytes().length;
            long expected = (long) module.nativeFrameLength() * module.numberOfFrames();
            assertEquals(expected + (expected & 1), length, entry.name() + ": native pixel data length");
            if (entry.status().equals("ok") && !LOSSY.contains(entry.syntax())) {
                long[] values = values(((Value.Bytes) pixels).bytes(), module);
                long[] reference = pydicomValues(entry);
                for (int i = 0; i < reference.length; i++) {
                    if (values[i] != reference[i]) {
                        fail(entry.name() + ": transcoded sample " + i + " is " + values[i] + ", pydicom " + reference[i]);
                    }
                }
            }
            transcoded++;
        }
        assertTrue(transcoded >= 28, "transcoded " + transcoded);
    }

    private static long[] pydicomValues(Entry entry) throws IOException {
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(oracle.resolve(entry.name() + ".raw")))
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[raw.remaining() / 8];
        raw.asLongBuffer().get(values);
        return values;
    }

    /** Samples of native bytes as numbers, container-wide, signed when Pixel Representation says so (as numpy). */
    public static long[] values(byte[] bytes, PixelModule m) {
        int width = m.bitsAllocated() / 8;
        int count = (int) ((long) m.rows() * m.columns() * m.samplesPerPixel() * m.numberOfFrames());
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            long v = 0;
            for (int b = 0; b < width; b++) {
                v |= (bytes[i * width + b] & 0xFFL) << (8 * b);
            }
            if (m.signed() && width < 8 && (v & (1L << (8 * width - 1))) != 0) {
                v -= 1L << (8 * width);
            }
            values[i] = v;
        }
        return values;
    }
}
