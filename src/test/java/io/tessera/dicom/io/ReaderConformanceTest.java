package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Tag;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Our reader, writer and frame location against pydicom, over every DICOM file Debian's pydicom ships. */
class ReaderConformanceTest {

    /** Files pydicom reads (it is lenient about truncation) that we reject on purpose, with the reason. */
    private static final Map<String, String> REJECTED = Map.of(
            "test_files/no_meta.dcm", "starts one byte into an element; pydicom keeps a value running 173 MB past EOF",
            "test_files/MR_truncated.dcm", "Pixel Data value runs past the end of the file",
            "test_files/rtplan_truncated.dcm", "a value runs past the end of the file");

    @TestFactory
    Stream<DynamicTest> sameTopLevelTagsAsPydicom() throws Exception {
        return readable().map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            String reason = REJECTED.get(entry.name());
            if (reason != null) {
                assertThrows(DicomException.class, () -> read(Files.readAllBytes(entry.path()), ReadOptions.DEFAULTS),
                        reason);
                return;
            }
            DicomFile file = read(Files.readAllBytes(entry.path()), ReadOptions.DEFAULTS);
            assertEquals(entry.tags(), topLevelTags(file.dataset()));
            if (!entry.transferSyntax().isEmpty()) {
                assertEquals(entry.transferSyntax(), file.transferSyntax().uid());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> roundTripThroughExplicitLittleEndian() throws Exception {
        return accepted().map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            DicomFile original = read(Files.readAllBytes(entry.path()), ReadOptions.DEFAULTS);
            DicomFile copy = read(write(original, writeSyntax(original.transferSyntax())), ReadOptions.DEFAULTS);
            DatasetAssert.assertSameContent(original.dataset(), copy.dataset(), "");
            assertEquals(DicomWriter.IMPLEMENTATION_CLASS_UID, copy.fileMeta().string(0x00020012));
        }));
    }

    @TestFactory
    Stream<DynamicTest> roundTripInSourceSyntax() throws Exception {
        return accepted().map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            DicomFile original = read(Files.readAllBytes(entry.path()), ReadOptions.DEFAULTS);
            DicomFile copy = read(write(original, original.transferSyntax()), ReadOptions.DEFAULTS);
            assertEquals(original.transferSyntax().uid(), copy.transferSyntax().uid());
            DatasetAssert.assertSameContent(original.dataset(), copy.dataset(), "");
        }));
    }

    @TestFactory
    Stream<DynamicTest> framesMatchPydicom() throws Exception {
        return accepted().filter(entry -> entry.frames() != null).map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            byte[] source = Files.readAllBytes(entry.path());
            for (ReadOptions options : List.of(ReadOptions.DEFAULTS, ReadOptions.DEFAULTS.withStopAtPixelData(true))) {
                DicomFile file = read(source, options);
                PixelDataInfo info = file.pixelData();
                assertNotNull(info, "pixel data located");
                byte[] stream = info.offsetsInSource() ? source : inflatedStream(source, file.fileMeta());
                assertEquals(entry.frames().size(), info.frames().size(), "number of frames");
                for (int i = 0; i < info.frames().size(); i++) {
                    assertArrayEquals(entry.frames().get(i), bytesOf(stream, info.frames().get(i)), "frame " + i);
                }
                if (options.stopAtPixelData()) {
                    assertTrue(file.dataset().get(0x7FE00010) instanceof Value.BulkData, "pixel data left in source");
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> bulkDataIsCopiedFromTheSource() throws Exception {
        return accepted().filter(entry -> entry.frames() != null).map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            byte[] source = Files.readAllBytes(entry.path());
            DicomFile full = read(source, ReadOptions.DEFAULTS);
            DicomFile lean = read(source, ReadOptions.DEFAULTS.withStopAtPixelData(true));
            byte[] stream = lean.pixelData().offsetsInSource() ? source : inflatedStream(source, lean.fileMeta());
            BulkDataSource bulk = (offset, length) -> new ByteArrayInputStream(stream, (int) offset,
                    length < 0 ? stream.length - (int) offset : (int) length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransferSyntax target = writeSyntax(lean.transferSyntax());
            new DicomWriter(out, bulk, lean.transferSyntax()).write(lean.fileMeta(), lean.dataset(), target);
            DatasetAssert.assertSameContent(full.dataset(), read(out.toByteArray(), ReadOptions.DEFAULTS).dataset(), "");
        }));
    }

    @Test
    void bulkDataWithoutSourceIsRefused() throws Exception {
        Path file = PydicomReference.DATA.resolve("test_files/CT_small.dcm");
        assumeTrue(Files.exists(file), "pydicom test files absent");
        DicomFile lean = read(Files.readAllBytes(file), ReadOptions.DEFAULTS.withStopAtPixelData(true));
        DicomWriter writer = new DicomWriter(new ByteArrayOutputStream());
        assertThrows(DicomException.class, () -> writer.write(lean.fileMeta(), lean.dataset(), lean.transferSyntax()));
    }

    /** Encapsulated data stays in an encapsulated syntax; everything else goes to Explicit VR LE. */
    private static TransferSyntax writeSyntax(TransferSyntax source) {
        return source.encapsulated() ? source : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    private static Stream<PydicomReference.Entry> readable() throws Exception {
        return PydicomReference.entries().stream().filter(PydicomReference.Entry::readable);
    }

    private static Stream<PydicomReference.Entry> accepted() throws Exception {
        return readable().filter(entry -> !REJECTED.containsKey(entry.name()));
    }

    static DicomFile read(byte[] bytes, ReadOptions options) throws DicomException {
        return new DicomReader(new ByteArrayInputStream(bytes), options).read();
    }

    private static byte[] write(DicomFile file, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).write(file.fileMeta(), file.dataset(), syntax);
        return out.toByteArray();
    }

    private static Set<String> topLevelTags(Dataset dataset) {
        Set<String> tags = new TreeSet<>();
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            if (Tag.group(tag) != 2 && !Tag.isGroupLength(tag)) {
                tags.add(Tag.toHex(tag));
            }
        }
        return tags;
    }

    /** The stream Deflated offsets count in: preamble and meta as stored, then the inflated body. */
    private static byte[] inflatedStream(byte[] source, Dataset fileMeta) throws IOException {
        int bodyStart = 132 + 12 + (int) fileMeta.longValue(0x00020000, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(source, 0, bodyStart);
        try (InputStream inflating = new InflaterInputStream(new ByteArrayInputStream(source, bodyStart,
                source.length - bodyStart), new Inflater(true))) {
            inflating.transferTo(out);
        }
        return out.toByteArray();
    }

    private static byte[] bytesOf(byte[] stream, Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteRange range : frame.ranges()) {
            assertFalse(range.end() > stream.length, "range inside the stream");
            out.write(stream, (int) range.offset(), (int) range.length());
        }
        return out.toByteArray();
    }
}
