package io.tessera.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Info-ZIP's {@code unzip -t} as an independent judge of our archives (Debian package unzip; skipped if absent). */
final class UnzipTool {
    private UnzipTool() {
    }

    static void assertTestPasses(Path archive) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unzip")), "unzip is not installed (apt-get install unzip)");
        Process unzip = new ProcessBuilder("/usr/bin/unzip", "-t", archive.toString()).redirectErrorStream(true)
                .start();
        String output = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, unzip.waitFor(), output);
    }
}
