package io.tessera.index.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.tessera.storage.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The running server's H2 file is open for synchronous writes, so a commit (and with it a STOW-RS 200) survives a
 * power cut. Linux shows each open file's flags in /proc/self/fdinfo.
 */
@QuarkusTest
class SyncedH2FilesTest {
    /** O_DSYNC on Linux (asm-generic/fcntl.h), octal 00010000. */
    private static final int O_DSYNC = 0x1000;

    @Test
    void theIndexDatabaseFileIsWrittenSynchronously() throws IOException {
        Assumptions.assumeTrue(Backends.embeddedDatabase(), "the server runs on PostgreSQL, which syncs its WAL");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "needs Linux's /proc");
        List<Integer> flags = openFlags(".mv.db");
        assertFalse(flags.isEmpty(), "the H2 database file is open");
        for (int flag : flags) {
            assertNotEquals(0, flag & O_DSYNC, "opened with O_DSYNC: flags " + Integer.toOctalString(flag));
        }
    }

    /** The flags of every file descriptor of this process whose file name ends with {@code suffix}. */
    private static List<Integer> openFlags(String suffix) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> target(fd).endsWith(suffix))
                    .map(fd -> flagsOf(fd.getFileName().toString()))
                    .toList();
        }
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }

    private static int flagsOf(String descriptor) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/fdinfo", descriptor))) {
            return lines.filter(line -> line.startsWith("flags:"))
                    .map(line -> Integer.parseInt(line.substring("flags:".length()).trim(), 8))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
