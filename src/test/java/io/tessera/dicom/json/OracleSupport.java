package io.tessera.dicom.json;

import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.ReadOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helper shared by the JSON oracle tests: our side of the comparison and the bookkeeping of differences. */
final class OracleSupport {
    static final Path PYDICOM_DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    /**
     * A difference the oracle test accepts: in which file, at which attribute path, what the difference says
     * (a substring of it), and why it is not our error.
     */
    record Explained(String file, String path, String differenceContains, String reason) {
        boolean matches(String differenceFile, JsonComparison.Difference difference) {
            return file.equals(differenceFile) && path.equals(difference.path())
                    && difference.what().contains(differenceContains);
        }
    }

    /** The same explanation for each of {@code paths} in each of {@code files}. */
    static List<Explained> explain(String reason, String differenceContains, List<String> files, String... paths) {
        List<Explained> all = new ArrayList<>();
        for (String file : files) {
            for (String path : paths) {
                all.add(new Explained(file, path, differenceContains, reason));
            }
        }
        return all;
    }

    private OracleSupport() {
    }

    /** Our DICOM JSON for a file, everything inline, parsed back into a tree. */
    static Object ourJson(Path file) throws IOException {
        return JsonTree.parse(ourJsonText(file));
    }

    /** Our DICOM JSON for a file, everything inline. */
    static String ourJsonText(Path file) throws IOException {
        DicomFile dicom;
        try (InputStream in = Files.newInputStream(file)) {
            dicom = new DicomReader(in, ReadOptions.DEFAULTS).read();
        }
        StringWriter out = new StringWriter();
        DicomJsonWriter writer = new DicomJsonWriter(out, JsonWriteOptions.DEFAULTS);
        writer.write(dicom.dataset());
        writer.flush();
        return out.toString();
    }

    /**
     * Compares every file's documents and returns the summary line; adds each difference not in
     * {@code explained} to {@code unexplained}, and each explanation that matched nothing to {@code unused}.
     */
    static String compareAll(String oracle, Map<String, Path> oracleJsonByFile, List<Explained> explained,
                             List<String> unexplained, List<Explained> unused) throws IOException {
        List<Explained> remaining = new ArrayList<>(explained);
        int equal = 0;
        int withOnlyExplained = 0;
        for (Map.Entry<String, Path> entry : oracleJsonByFile.entrySet()) {
            String file = entry.getKey();
            List<JsonComparison.Difference> differences;
            try {
                differences = JsonComparison.compare(JsonTree.parse(Files.readString(entry.getValue())),
                        ourJson(PYDICOM_DATA.resolve(file)));
            } catch (IOException | RuntimeException e) {
                differences = List.of(new JsonComparison.Difference("-", "our side failed: " + e));
            }
            boolean allExplained = true;
            for (JsonComparison.Difference difference : differences) {
                Explained reason = explained.stream()
                        .filter(x -> x.matches(file, difference)).findFirst().orElse(null);
                if (reason == null) {
                    allExplained = false;
                    unexplained.add(file + " " + difference);
                } else {
                    remaining.remove(reason);
                }
            }
            if (differences.isEmpty()) {
                equal++;
            } else if (allExplained) {
                withOnlyExplained++;
            }
        }
        unused.addAll(remaining);
        return String.format("%s: %d files compared, %d equal, %d with only explained differences, %d with unexplained",
                oracle, oracleJsonByFile.size(), equal, withOnlyExplained,
                oracleJsonByFile.size() - equal - withOnlyExplained);
    }
}
