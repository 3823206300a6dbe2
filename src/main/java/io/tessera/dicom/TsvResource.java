package io.tessera.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the generated dictionary tables bundled next to this class: tab-separated, '#' starts a comment line. */
final class TsvResource {
    private TsvResource() {
    }

    /** The rows split into fields. A list rather than a callback: lambda bootstrap would double a cold load. */
    static List<String[]> rows(String resourceName) {
        InputStream stream = TsvResource.class.getResourceAsStream(resourceName);
        if (stream == null) {
            throw new IllegalStateException("missing resource " + resourceName + "; run src/build/generate-dictionary.py");
        }
        List<String[]> rows = new ArrayList<>(10_000);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty() && line.charAt(0) != '#') {
                    // limit -1 keeps trailing empty fields, e.g. an empty "retired" column
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resourceName, e);
        }
    }
}
