package io.tessera.dicomweb.stow;

import io.tessera.dicom.TransferSyntax;
import io.tessera.dicomweb.Uids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The real DICOM files Debian's pydicom ships, listed at test time by pydicom itself: every file it reads, with its
 * identifying UIDs and whether it has File Meta Information, so tests know which ones Tessera must store.
 */
final class PydicomCorpus {
    static final Path FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String PYTHON = "/usr/bin/python3";
    private static final String LISTER = """
            import os, sys
            import pydicom
            root = sys.argv[1]
            for name in sorted(os.listdir(root)):
                path = os.path.join(root, name)
                if not os.path.isfile(path):
                    continue
                try:
                    ds = pydicom.dcmread(path)
                    uids = [str(ds.get(k, '') or '') for k in
                            ('SOPClassUID', 'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID')]
                    ts = str(ds.file_meta.get('TransferSyntaxUID', '') or '') if hasattr(ds, 'file_meta') else ''
                    with open(path, 'rb') as f:
                        head = f.read(132)
                    part10 = len(head) == 132 and head[128:132] == b'DICM'
                except Exception:
                    continue
                print('\\t'.join([path, ts, str(part10)] + uids))
            """;

    /** One file pydicom reads. */
    record Entry(Path path, String transferSyntax, boolean part10, String sopClass, String sopInstance,
                 String study, String series, String sha256) {

        /** What Tessera requires of an instance: Part 10 with a known syntax and four valid identifying UIDs. */
        boolean storable() {
            return part10 && !transferSyntax.isEmpty() && TransferSyntax.of(transferSyntax).isKnown()
                    && Uids.isValid(sopClass) && Uids.isValid(sopInstance) && Uids.isValid(study) && Uids.isValid(series);
        }

        byte[] bytes() throws IOException {
            return Files.readAllBytes(path);
        }
    }

    private PydicomCorpus() {
    }

    static List<Entry> list() throws IOException, InterruptedException {
        Process python = new ProcessBuilder(PYTHON, "-c", LISTER, FILES.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (python.waitFor() != 0) {
            throw new IllegalStateException("pydicom failed to list " + FILES);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 7) {
                Path path = Path.of(f[0]);
                entries.add(new Entry(path, f[1], Boolean.parseBoolean(f[2]), f[3], f[4], f[5], f[6], sha256(path)));
            }
        }
        return entries;
    }

    private static String sha256(Path path) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
