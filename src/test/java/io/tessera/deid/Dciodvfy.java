package io.tessera.deid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * David Clunie's dciodvfy (Debian package dicom3tools) as the judge of IOD conformance: the errors it reports, warnings
 * ignored, with values masked, so that an error about a replaced UID or a dummy value counts as the same error.
 */
public final class Dciodvfy {
    private static final Path BINARY = Path.of("/usr/bin/dciodvfy");

    private Dciodvfy() {
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the calling test with a message when dicom3tools is not installed. */
    public static void assumeInstalled() {
        assumeTrue(installed(), "dciodvfy is not installed (apt-get install dicom3tools)");
    }

    /** The file's errors, each with its values masked: UIDs and numbers as #, quoted or bracketed values as &lt;&gt;. */
    public static Set<String> errors(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(BINARY.toString(), file.toString()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        process.waitFor();
        return output.lines().filter(line -> line.startsWith("Error"))
                .map(line -> line.replaceAll("= <[^>]*>", "= <>").replaceAll("\"[^\"]*\"", "\"\"")
                        .replaceAll("\\b[0-9]+(\\.[0-9]+)*\\b", "#"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The errors of {@code deidentified} that {@code original} does not have. */
    public static Set<String> newErrors(Path original, Path deidentified) throws IOException, InterruptedException {
        Set<String> added = errors(deidentified);
        added.removeAll(errors(original));
        return added;
    }
}
