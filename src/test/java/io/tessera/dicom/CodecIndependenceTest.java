package io.tessera.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The codec is a plain Java library: it may import only java.* and itself, so it stays reusable and framework-free. */
class CodecIndependenceTest {
    private static final Path CODEC_SOURCES = Path.of("src/main/java/io/tessera/dicom");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void codecImportsOnlyJavaAndItself() throws IOException {
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(CODEC_SOURCES)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                Matcher imports = IMPORT.matcher(Files.readString(source));
                while (imports.find()) {
                    String imported = imports.group(2);
                    if (!imported.startsWith("java.") && !imported.startsWith("io.tessera.dicom.")) {
                        offending.add(CODEC_SOURCES.relativize(source) + ": " + imported);
                    }
                }
            }
        }
        assertTrue(files > 0, "no codec sources found under " + CODEC_SOURCES.toAbsolutePath());
        assertEquals(List.of(), offending, "io.tessera.dicom must import only java.* and io.tessera.dicom.*");
    }
}
