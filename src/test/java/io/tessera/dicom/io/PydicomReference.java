package io.tessera.dicom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Debian's pydicom makes of the test files it ships: runs pydicom_summary.py once per test JVM.
 * Tests using it are skipped when /usr/bin/python3 with pydicom is not installed.
 */
final class PydicomReference {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    /** One file as pydicom reads it; {@code frames} null when pydicom does not extract them. */
    record Entry(Path path, boolean readable, String error, Set<String> tags, String transferSyntax,
                 Integer numberOfFrames, List<byte[]> frames) {
        String name() {
            return DATA.relativize(path).toString();
        }
    }

    private static List<Entry> entries;

    private PydicomReference() {
    }

    static synchronized List<Entry> entries() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON) && Files.isDirectory(DATA),
                "Debian's pydicom (/usr/bin/python3 and " + DATA + ") is not installed");
        if (entries == null) {
            entries = load();
        }
        return entries;
    }

    private static List<Entry> load() throws IOException, InterruptedException {
        Path script = Files.createTempFile("pydicom_summary", ".py");
        Path summary = Files.createTempFile("pydicom_summary", ".json");
        try (InputStream resource = PydicomReference.class.getResourceAsStream("pydicom_summary.py")) {
            Files.write(script, resource.readAllBytes());
        }
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), summary.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assumeTrue(process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0,
                    "pydicom summary failed: " + output);
            List<Entry> out = new ArrayList<>();
            for (JsonNode node : new ObjectMapper().readTree(summary.toFile())) {
                out.add(entry(node));
            }
            return out;
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(summary);
        }
    }

    private static Entry entry(JsonNode node) {
        Set<String> tags = new TreeSet<>();
        node.path("tags").forEach(tag -> tags.add(tag.asText()));
        List<byte[]> frames = null;
        if (node.has("frames")) {
            frames = new ArrayList<>();
            for (JsonNode frame : node.get("frames")) {
                frames.add(HexFormat.of().parseHex(frame.asText()));
            }
        }
        return new Entry(Path.of(node.get("path").asText()), node.get("readable").asBoolean(),
                node.path("error").asText(null), tags, node.path("transferSyntax").asText(""),
                node.has("numberOfFrames") ? node.get("numberOfFrames").asInt() : null, frames);
    }
}
