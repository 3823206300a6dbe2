package io.tessera.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.cli.ImportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk import against the running test server: 14 files (the PHI corpus in nested folders, a
 * screenshot, a file that is no DICOM) imported in one go, and again with a run cut short and restarted: both end
 * with the same archive.
 */
@QuarkusTest
class ImportCommandTest {
    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path folder;

    @Test
    void anInterruptedAndRestartedImportEndsLikeAnUninterruptedOne() throws Exception {
        List<byte[]> instances = DeidentifiedArchive.corpus("IMPORT", true);
        for (int i = 0; i < instances.size(); i++) {
            Path file = folder.resolve("data/patient-" + (i % 3) + "/file-" + i + ".dcm");
            Files.createDirectories(file.getParent());
            Files.write(file, instances.get(i));
        }
        Files.writeString(folder.resolve("data/notes.txt"), "not DICOM");

        DeidentifiedArchive whole = DeidentifiedArchive.create(List.of("113107"), false);
        ImportCommand.Report uninterrupted = run(whole, "whole.journal", Long.MAX_VALUE);
        assertEquals(new ImportCommand.Report(12, 1, 1, 0), uninterrupted);

        DeidentifiedArchive resumed = DeidentifiedArchive.create(List.of("113107"), false);
        ImportCommand.Report cut = run(resumed, "resumed.journal", 5);
        assertEquals(5, cut.stored() + cut.quarantined() + cut.failed());
        ImportCommand.Report rest = run(resumed, "resumed.journal", Long.MAX_VALUE);
        assertEquals(new ImportCommand.Report(12, 1, 1, 5 - cut.failed()), rest);
        assertEquals(counts(whole), counts(resumed));

        ImportCommand.Report nothingLeft = run(resumed, "resumed.journal", Long.MAX_VALUE);
        assertEquals(13, nothingLeft.skipped(), "only the failed file is sent again");
    }

    private ImportCommand.Report run(DeidentifiedArchive archive, String journal, long limit) throws Exception {
        ImportCommand.Options options = new ImportCommand.Options(URI.create(server.toString()), archive.slug,
                "test-admin-token", folder.resolve("data"), folder.resolve(journal), 3, 4, limit);
        return new ImportCommand(options, new PrintStream(new ByteArrayOutputStream())).run();
    }

    private static Map<String, Object> counts(DeidentifiedArchive archive) {
        Map<String, Object> counts = given().get("/api/collections/" + archive.slug).then().statusCode(200)
                .extract().jsonPath().getMap("counts");
        counts.remove("bytes"); // replacement UIDs differ in length between collections
        counts.put("quarantined", given().header("Authorization", DeidentifiedArchive.ADMIN)
                .get("/api/collections/" + archive.slug + "/quarantine").jsonPath().getList("instances").size());
        return counts;
    }
}
