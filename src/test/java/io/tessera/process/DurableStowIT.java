package io.tessera.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An acknowledged STOW-RS survives a power cut (docs/durability.md), seen from the kernel: strace on the server while
 * it stores one instance. Before the 200, the object was synced (fdatasync, then fsync of its folder, which makes
 * its name durable), and only after that did the index write a commit to its H2 file (open with O_DSYNC, which
 * SyncedH2FilesTest checks). No test can cut the power; this checks the order of the system calls that lets an
 * acknowledged instance outlive one. Skipped with a message where strace is absent or may not trace (ptrace).
 */
class DurableStowIT {
    private static final String TOKEN = "durable-it-token";
    /** A line of {@code strace -ttt}: seconds since the epoch, the call and its arguments, its result. */
    private static final Pattern CALL = Pattern.compile("^(\\d+\\.\\d+) (\\w+)\\((.*)\\)\\s+= (-?\\d+).*$");

    private record Call(double time, String thread, String name, String arguments, long result) {
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theObjectThenTheIndexReachTheDiskBeforeTheAcknowledgement() throws Exception {
        Assumptions.assumeTrue(straceCanTrace(), "SKIPPED: needs strace (Debian package) allowed to trace (ptrace)");
        Path work = ProcessTestSupport.workDir("durable-stow");
        try (TesseraProcess server = new TesseraProcess(work.resolve("data"), TOKEN).start()) {
            Path traces = Files.createDirectories(work.resolve("strace"));
            Path straceLog = work.resolve("strace.log");
            Process strace = new ProcessBuilder("strace", "-f", "-ff", "-ttt", "-e",
                    "trace=openat,fdatasync,fsync,pwrite64", "-o", traces.resolve("call").toString(),
                    "-p", Long.toString(server.pid())).redirectErrorStream(true)
                    .redirectOutput(straceLog.toFile()).start();
            try {
                awaitAttached(straceLog);
                long seed = System.nanoTime();
                SyntheticInstance instance = new SyntheticInstance(SyntheticInstance.uid(seed, 0),
                        SyntheticInstance.uid(seed, 1), SyntheticInstance.uid(seed, 2), 1, 64, 64, 1, seed);
                HttpResponse<String> stow = DicomWebClient.of(server)
                        .stow(List.<Supplier<InputStream>>of(instance::open));
                double acknowledged = epochSeconds(Instant.now());
                assertEquals(200, stow.statusCode(), stow.body());

                int databaseFile = openDescriptor(server.pid(), ".mv.db"); // O_DSYNC: SyncedH2FilesTest
                String committer = "call." + threadNamed(server.pid(), "tessera-index");
                strace.destroy(); // strace detaches and writes out what it has
                assertTrue(strace.waitFor(30, TimeUnit.SECONDS), "strace ends");
                List<Call> calls = readCalls(traces);

                List<String> objects = ProcessTestSupport.filesUnder(work.resolve("data/objects"));
                assertEquals(1, objects.size(), "one object stored: " + objects);
                Path object = work.resolve("data/objects").resolve(objects.get(0)).toAbsolutePath().normalize();
                Call objectSynced = syncOfOpened(calls, object, "fdatasync");
                Call folderSynced = syncOfOpened(calls, object.getParent(), "fsync");
                assertTrue(objectSynced.time() <= folderSynced.time(), "the object is synced, then its folder");
                // The group commit's thread starts with the first instance, so its first write is this one's.
                Call commit = calls.stream()
                        .filter(call -> call.thread().equals(committer) && call.name().equals("pwrite64")
                                && call.arguments().startsWith(databaseFile + ","))
                        .findFirst().orElseThrow(() -> new AssertionError("the index commit wrote nothing"));
                assertTrue(folderSynced.time() <= commit.time(), "the object is synced before it is indexed");
                assertTrue(commit.time() < acknowledged, "the index commit is written before the 200");
            } finally {
                strace.destroyForcibly();
            }
        }
        ProcessTestSupport.deleteTree(work);
    }

    /**
     * The {@code sync} call ({@code fdatasync} or {@code fsync}) made on a descriptor that its thread had just opened
     * on {@code path}.
     */
    private static Call syncOfOpened(List<Call> calls, Path path, String sync) {
        String opened = "AT_FDCWD, \"" + path + "\", ";
        for (Call open : calls) {
            if (!open.name().equals("openat") || !open.arguments().startsWith(opened) || open.result() < 0) {
                continue;
            }
            for (Call next : calls) {
                if (next.thread().equals(open.thread()) && next.time() >= open.time() && next.name().equals(sync)
                        && next.arguments().equals(Long.toString(open.result())) && next.result() == 0) {
                    return next;
                }
            }
        }
        throw new AssertionError("no " + sync + " of " + path + " in the trace");
    }

    /** Every call of every thread, in time order ({@code -ff}: one file per thread, "call.TID"). */
    private static List<Call> readCalls(Path traces) throws IOException {
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(traces)) {
            for (Path file : files.toList()) {
                String thread = file.getFileName().toString();
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    Matcher call = CALL.matcher(line);
                    if (call.matches()) {
                        calls.add(new Call(Double.parseDouble(call.group(1)), thread, call.group(2), call.group(3),
                                Long.parseLong(call.group(4))));
                    }
                }
            }
        }
        calls.sort(Comparator.comparingDouble(Call::time));
        return calls;
    }

    /** Waits for strace's "Process N attached": from then on every call of the server is traced. */
    private static void awaitAttached(Path straceLog) throws IOException, InterruptedException {
        for (int tries = 0; tries < 300; tries++) {
            if (Files.exists(straceLog) && Files.readString(straceLog).contains("attached")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("strace did not attach:\n" + Files.readString(straceLog));
    }

    private static boolean straceCanTrace() {
        try {
            Process probe = new ProcessBuilder("strace", "-o", "/dev/null", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's descriptor open on a file whose name ends with {@code suffix}. */
    private static int openDescriptor(long pid, String suffix) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().endsWith(suffix)) {
                        return Integer.parseInt(descriptor.getFileName().toString());
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // another thread of the server closed it since the listing
                }
            }
        }
        throw new AssertionError("the server has no file open ending with " + suffix);
    }

    /** The id of the server's thread whose name starts with {@code prefix} (Linux keeps 15 characters of it). */
    private static String threadNamed(long pid, String prefix) throws IOException {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads.toList()) {
                if (Files.readString(thread.resolve("comm")).startsWith(prefix)) {
                    return thread.getFileName().toString();
                }
            }
        }
        throw new AssertionError("the server has no thread named " + prefix + "...");
    }

    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
