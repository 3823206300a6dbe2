package io.tessera.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.DicomWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: de-identified instances pass dciodvfy with no new errors compared with the originals (warnings ignored),
 * for the PHI corpus and for pydicom's real files of several IODs, under the Basic Profile alone and with TCIA's options.
 */
class DeidentifiedIodConformanceTest {
    private static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final List<String> PYDICOM_NAMES = List.of("CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm",
            "JPEG2000.dcm", "SC_rgb_small_odd.dcm", "rtplan.dcm", "rtstruct.dcm", "rtdose.dcm", "test-SR.dcm",
            "reportsi.dcm", "waveform_ecg.dcm", "liver_1frame.dcm");
    private static final byte[] SECRET = "iod-conformance-secret".getBytes(StandardCharsets.UTF_8);
    private static final List<DeidProfile> PROFILES = List.of(DeidProfile.basic(),
            DeidProfile.ofCodes(List.of("113101", "113105", "113107", "113108", "113109", "113111")));

    @TempDir
    Path temp;

    @Test
    void noNewDciodvfyErrorsInThePhiCorpusOrRealFiles() throws Exception {
        Dciodvfy.assumeInstalled();
        Map<String, Path> originals = new LinkedHashMap<>();
        List<Dataset> corpus = PhiCorpus.corpus();
        for (int i = 0; i < corpus.size(); i++) {
            Path file = temp.resolve("phi-" + i + ".dcm");
            try (OutputStream out = Files.newOutputStream(file)) {
                new DicomWriter(out).write(new Dataset(), corpus.get(i), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
            originals.put(file.getFileName().toString(), file);
        }
        for (String name : PYDICOM_NAMES) {
            Path file = PYDICOM_FILES.resolve(name);
            if (Files.isRegularFile(file)) {
                originals.put(name, file);
            }
        }

        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Path> original : originals.entrySet()) {
            for (DeidProfile profile : PROFILES) {
                Path result = temp.resolve("deid-" + profile.options().size() + "-" + original.getKey());
                deidentify(original.getValue(), result, profile);
                String which = original.getKey() + " " + profile.options();
                Set<String> added = Dciodvfy.newErrors(original.getValue(), result);
                if (!added.isEmpty()) {
                    problems.add(which + ": " + added);
                }
                checked++;
            }
        }
        assertTrue(checked >= 2 * corpus.size(), "files checked: " + checked);
        assertEquals(List.of(), problems, "new dciodvfy errors after de-identification");
    }

    private static void deidentify(Path source, Path target, DeidProfile profile) throws IOException {
        DicomFile file;
        try (InputStream in = Files.newInputStream(source)) {
            file = new DicomReader(in).read();
        }
        new Deidentifier().deidentify(file.dataset(), new DeidContext(profile, SECRET, new MapPseudonymStore("IOD")));
        try (OutputStream out = Files.newOutputStream(target)) {
            new DicomWriter(out).write(new Dataset(), file.dataset(), file.transferSyntax());
        }
    }
}
