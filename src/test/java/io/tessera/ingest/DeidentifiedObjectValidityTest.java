package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tessera.storage.Backends;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.config.TesseraConfig;
import io.tessera.deid.Dciodvfy;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.io.DicomReader;
import io.tessera.index.InstanceEntity;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Real files through a de-identifying collection: the stored object keeps the pixel data bit for bit (native and
 * encapsulated), and dciodvfy finds no more errors in it than in the original.
 */
@QuarkusTest
class DeidentifiedObjectValidityTest {
    private static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @Inject
    TesseraConfig config;

    @Test
    void storedObjectsKeepTheirPixelsAndPassDciodvfyAsTheOriginalsDid() throws Exception {
        Backends.assumeFilesystemStore();
        assumeTrue(Files.isDirectory(PYDICOM_FILES), "pydicom's test files are not installed");
        DeidentifiedArchive archive = DeidentifiedArchive.create(List.of("113107", "113108", "113109"), false);
        for (String name : List.of("CT_small.dcm", "MR_small_RLE.dcm")) {
            Path original = PYDICOM_FILES.resolve(name);
            byte[] response = archive.store(List.of(Files.readAllBytes(original))).then().statusCode(202)
                    .extract().asByteArray();
            String sop = DeidentifiedArchive.dataset(response).items(Tags.ReferencedSOPSequence).get(0)
                    .string(Tags.ReferencedSOPInstanceUID);
            String key = QuarkusTransaction.requiringNew().call(() -> InstanceEntity.<InstanceEntity>find(
                    "sopInstanceUid", sop).firstResult().objectKey);
            Path stored = config.dataDir().resolve("objects").resolve(key);
            assertArrayEquals(pixelData(original), pixelData(stored), name);
            if (Dciodvfy.installed()) {
                assertEquals(Set.of(), Dciodvfy.newErrors(original, stored), name + ": new dciodvfy errors");
            }
        }
    }

    private static byte[] pixelData(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Value value = new DicomReader(in).read().dataset().get(Tags.PixelData);
            if (value instanceof Value.Fragments fragments) {
                return fragments.fragments().stream().reduce(new byte[0], DeidentifiedObjectValidityTest::concat);
            }
            return ((Value.Bytes) value).bytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
