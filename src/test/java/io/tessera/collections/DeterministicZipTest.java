package io.tessera.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZIP writer alone: archives that java.util.zip and Info-ZIP's {@code unzip -t} accept, with the 32-bit limits
 * lowered so the ZIP64 records are written and read without 4 GiB of data; any byte range equals that slice of the
 * whole archive.
 */
class DeterministicZipTest {
    @TempDir
    Path folder;

    private final List<byte[]> contents = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    DeterministicZipTest() {
        Random random = new Random(4);
        for (int size : new int[]{0, 1, 300, 70_000, 17}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            contents.add(content);
            names.add("coll/PAT " + size + "/1.2." + size + ".dcm");
        }
    }

    /** The test entries; the last one's CRC is left to the writer (data descriptor) when asked. */
    private DeterministicZip.Entries entries(boolean lastWithoutCrc) {
        return sink -> {
            for (int i = 0; i < contents.size(); i++) {
                byte[] content = contents.get(i);
                CRC32 crc = new CRC32();
                crc.update(content);
                boolean unknown = lastWithoutCrc && i == contents.size() - 1;
                sink.accept(new DeterministicZip.Entry(names.get(i), content.length,
                        unknown ? null : crc.getValue(),
                        (offset, length, out) -> out.write(content, (int) offset, (int) length)));
            }
        };
    }

    @Test
    void standardArchiveIsReadableAndAsLongAsAnnounced() throws Exception {
        checkReadable(DeterministicZip.standard(), false, "plain.zip");
    }

    @Test
    void zip64RecordsWhenSizesOffsetsAndCountsPassTheLimits() throws Exception {
        // 300-byte limit: the 300 and 70,000 byte entries get ZIP64 sizes, later offsets ZIP64 offsets; 3 entries
        // already need the ZIP64 end of central directory.
        checkReadable(new DeterministicZip(300, 3), false, "zip64.zip");
    }

    @Test
    void anEntryWithoutKnownCrcGetsADataDescriptor() throws Exception {
        checkReadable(DeterministicZip.standard(), true, "descriptor.zip");
        checkReadable(new DeterministicZip(10, 2), true, "descriptor64.zip");
    }

    @Test
    void everyRangeIsTheSliceOfTheWhole() throws Exception {
        for (DeterministicZip zip : List.of(DeterministicZip.standard(), new DeterministicZip(300, 3))) {
            byte[] whole = write(zip, 0, Long.MAX_VALUE);
            Random random = new Random(7);
            List<Long> cuts = new ArrayList<>(List.of(0L, 1L, 30L, (long) whole.length - 1, (long) whole.length));
            for (int i = 0; i < 40; i++) {
                cuts.add((long) random.nextInt(whole.length + 1));
            }
            Collections.sort(cuts);
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            for (int i = 0; i + 1 < cuts.size(); i++) {
                pieces.writeBytes(write(zip, cuts.get(i), cuts.get(i + 1)));
            }
            assertArrayEquals(whole, pieces.toByteArray());
        }
    }

    @Test
    void aContentShorterThanItsRecordedSizeFails() {
        DeterministicZip.Entries lying = sink -> sink.accept(new DeterministicZip.Entry("a", 10, 0L,
                (offset, length, out) -> out.write(new byte[3])));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> DeterministicZip.standard().write(lying, new ByteArrayOutputStream()));
    }

    private void checkReadable(DeterministicZip zip, boolean lastWithoutCrc, String fileName) throws Exception {
        byte[] archive = write(zip, lastWithoutCrc);
        assertEquals(zip.length(entries(lastWithoutCrc)), archive.length);
        Path file = folder.resolve(fileName);
        Files.write(file, archive);
        try (ZipFile read = new ZipFile(file.toFile())) {
            assertEquals(contents.size(), read.size());
            for (int i = 0; i < contents.size(); i++) {
                ZipEntry entry = read.getEntry(names.get(i));
                assertEquals(ZipEntry.STORED, entry.getMethod());
                assertArrayEquals(contents.get(i), read.getInputStream(entry).readAllBytes(), names.get(i));
            }
        }
        UnzipTool.assertTestPasses(file);
    }

    private byte[] write(DeterministicZip zip, boolean lastWithoutCrc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        zip.write(entries(lastWithoutCrc), out);
        return out.toByteArray();
    }

    private byte[] write(DeterministicZip zip, long from, long to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        zip.write(entries(false), from, to, out);
        return out.toByteArray();
    }
}
