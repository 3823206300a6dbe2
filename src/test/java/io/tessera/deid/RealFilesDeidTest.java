package io.tessera.deid;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.DicomWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** De-identifies the real files Debian's pydicom ships (dciodvfy judges them in DeidentifiedIodConformanceTest). */
class RealFilesDeidTest {
    private static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final byte[] SECRET = "real-files-collection-secret".getBytes(StandardCharsets.UTF_8);
    private static final DeidProfile TCIA = DeidProfile.ofCodes(List.of("113101", "113105", "113107", "113108", "113109", "113111"));

    private final Deidentifier deidentifier = new Deidentifier();

    @Test
    void everyReadablePydicomFileDeidentifiesAndWrites() throws IOException {
        assumeTrue(Files.isDirectory(PYDICOM_FILES), "pydicom's test files are not installed");
        List<Path> files;
        try (Stream<Path> listing = Files.walk(PYDICOM_FILES)) {
            files = listing.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".dcm")).sorted().toList();
        }
        List<String> deidentified = new ArrayList<>();
        for (Path file : files) {
            DicomFile original = readOrNull(file);
            if (original == null) {
                continue; // the codec's own tests cover files it rejects
            }
            for (DeidProfile profile : List.of(DeidProfile.basic(), TCIA)) {
                DicomFile copy = read(file);
                deidentifier.deidentify(copy.dataset(), new DeidContext(profile, SECRET, new MapPseudonymStore("PYD")));
                byte[] written = write(copy);
                assertTrue(written.length > 132, file.toString());
                String patientId = original.dataset().string(Tags.PatientID);
                if (patientId != null && patientId.length() >= 4) {
                    assertFalse(new String(written, StandardCharsets.ISO_8859_1).contains(patientId),
                            file + " still holds its Patient ID");
                }
            }
            deidentified.add(file.getFileName().toString());
        }
        assertTrue(deidentified.size() > 50, "files de-identified: " + deidentified);
    }

    private static DicomFile readOrNull(Path file) {
        try {
            return read(file);
        } catch (Exception unreadable) {
            return null;
        }
    }

    private static DicomFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new DicomReader(in).read();
        }
    }

    /** Writes in the source transfer syntax with a new File Meta Information, as E.1.1 step 7 asks. */
    private static byte[] write(DicomFile file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).write(new Dataset(), file.dataset(), file.transferSyntax());
        return out.toByteArray();
    }
}
