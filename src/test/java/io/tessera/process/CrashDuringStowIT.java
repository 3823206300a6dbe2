package io.tessera.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash consistency of STOW-RS with a real process and kill -9:
 * <ul>
 * <li>an acknowledged STOW survives a SIGKILL sent the moment the response arrives;</li>
 * <li>a large STOW (20 instances of 5-10 MB, streamed slowly, chunked) frozen in the middle of an instance and the
 * server killed: after restart every instance QIDO finds is whole (WADO-RS gives back exactly the sent bytes,
 * metadata present, counts agree), every other instance is absent everywhere, the client can send them again, no
 * temporary or part file is left under objects/, and every object file has its index row and vice versa.</li>
 * </ul>
 */
class CrashDuringStowIT {
    private static final String TOKEN = "crash-it-token";
    private static final int ACK_ROUNDS = 2;
    private static final int COUNT = 20;
    private static final int PAUSE_IN = 9; // 0-based: instances 0..8 are sent whole, 9 is cut in its pixel data
    private static final long BYTES_PER_SECOND = 40L << 20;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void acknowledgedStowSurvivesImmediateKill() throws Exception {
        Path work = ProcessTestSupport.workDir("crash-ack");
        TesseraProcess server = new TesseraProcess(work.resolve("data"), TOKEN).start();
        try {
            // Two rounds: a commit not yet on disk is lost only if the kill beats the database's background flush.
            List<SyntheticInstance> acknowledged = new ArrayList<>();
            for (int round = 1; round <= ACK_ROUNDS; round++) {
                long seed = System.nanoTime();
                String study = SyntheticInstance.uid(seed, 0);
                List<SyntheticInstance> instances = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    instances.add(new SyntheticInstance(study, SyntheticInstance.uid(seed, 1),
                            SyntheticInstance.uid(seed, 100 + i), i + 1, 64, 64, 1, seed + i));
                }
                HttpResponse<String> stow = DicomWebClient.of(server).stow(instances.stream()
                        .<Supplier<InputStream>>map(instance -> instance::open).toList());
                server.kill(); // the moment the acknowledgement is in
                assertEquals(200, stow.statusCode(), "STOW before the kill: " + stow.body() + "\n"
                        + server.logTail(30));
                acknowledged.addAll(instances);

                server.start();
                DicomWebClient client = DicomWebClient.of(server);
                Set<String> found = sopUids(client.qido("/dicomweb/studies/" + study + "/instances"));
                assertEquals(uids(instances), found, "round " + round + ": instances acknowledged by a 200 STOW,"
                        + " then kill -9, are missing after the restart (H2 writes commits to disk in the background,"
                        + " every WRITE_DELAY = 500 ms by default)");
            }
            DicomWebClient client = DicomWebClient.of(server);
            for (SyntheticInstance instance : acknowledged) {
                assertWhole(client, instance);
            }
            server.stop();
            assertStoreMatchesIndex(server.dataDir(), Map.of());
            ProcessTestSupport.deleteTree(work);
        } finally {
            server.kill();
            System.out.println("[CrashDuringStowIT] log: " + server.logFile());
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killDuringLargeStowLeavesOnlyWholeInstances() throws Exception {
        Path work = ProcessTestSupport.workDir("crash-stow");
        Path dataDir = work.resolve("data");
        TesseraProcess server = new TesseraProcess(dataDir, TOKEN).start();
        try {
            long seed = System.nanoTime();
            String study = SyntheticInstance.uid(seed, 0);
            List<SyntheticInstance> instances = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                // 2048 columns x 1280..2496 rows x 2 bytes: 5.2 to 10.2 MB each, ~150 MB in all.
                instances.add(new SyntheticInstance(study, SyntheticInstance.uid(seed, 1 + i / 10),
                        SyntheticInstance.uid(seed, 100 + i), i + 1, 1280 + 64 * i, 2048, 1, seed + i));
            }
            SyntheticInstance cut = instances.get(PAUSE_IN);
            ProcessTestSupport.PausingStream pause = new ProcessTestSupport.PausingStream(cut.open(),
                    cut.headerLength() + cut.pixelDataLength() / 2);
            List<Supplier<InputStream>> parts = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                SyntheticInstance instance = instances.get(i);
                parts.add(i == PAUSE_IN ? () -> pause : instance::open);
            }
            String boundary = "crash-" + UUID.randomUUID();
            DicomWebClient client = DicomWebClient.of(server);
            long t0 = System.nanoTime();
            CompletableFuture<HttpResponse<String>> stow = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.stowBody(() -> new ProcessTestSupport.ThrottledStream(
                            Multipart.body(boundary, "application/dicom", parts), BYTES_PER_SECOND), boundary);
                } catch (IOException | InterruptedException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            if (!pause.awaitReached(120)) {
                fail("the request body never reached instance " + (PAUSE_IN + 1) + "; STOW: "
                        + (stow.isDone() ? stow.join().statusCode() + " " + stow.join().body() : "pending")
                        + "\n" + server.logTail(30));
            }
            long sentMillis = (System.nanoTime() - t0) / 1_000_000;

            // Everything before the cut instance was sent whole: the design ingests instance by instance while the
            // request streams in, so QIDO should see them before the request ends.
            Set<String> beforeKill = Set.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                beforeKill = sopUids(client.qido("/dicomweb/studies/" + study + "/instances"));
                if (beforeKill.size() >= PAUSE_IN) {
                    break;
                }
                Thread.sleep(200);
            }
            // Let the server write part of the cut instance, and let the database flush the commits QIDO has
            // shown (H2 writes them in the background within WRITE_DELAY, 500 ms; acknowledgedStowSurvivesImmediateKill
            // is the test of that window).
            Thread.sleep(1500);
            List<String> inFlight = ProcessTestSupport.filesUnder(dataDir.resolve("objects"));
            server.kill();
            pause.release();
            try {
                HttpResponse<String> answer = stow.get(60, TimeUnit.SECONDS);
                fail("STOW answered although the server was killed: " + answer.statusCode() + " " + answer.body());
            } catch (java.util.concurrent.ExecutionException expected) {
                // the connection broke: expected
            }
            System.out.printf("[CrashDuringStowIT] %d instances sent whole in %d ms, %d visible in QIDO before the"
                    + " kill; objects on disk at the kill: %d%n", PAUSE_IN, sentMillis, beforeKill.size(),
                    inFlight.size());

            // The startup sweep spares objects younger than its grace period (OrphanSweeper.GRACE, 15 min, as
            // another replica may be writing them): age what the crash left, as if it happened long ago.
            List<String> leftAtCrash = ProcessTestSupport.filesUnder(dataDir.resolve("objects"));
            backdateObjects(dataDir, java.time.Duration.ofHours(1));

            // Restart on the same data.
            long t1 = System.nanoTime();
            server.start();
            System.out.printf("[CrashDuringStowIT] restart after kill -9 ready in %d ms; objects left by the crash:"
                    + " %s%n", (System.nanoTime() - t1) / 1_000_000, leftAtCrash);
            DicomWebClient after = DicomWebClient.of(server);
            Set<String> found = sopUids(after.qido("/dicomweb/studies/" + study + "/instances?limit=1000"));
            awaitSwept(dataDir, server, found.size());
            Set<String> all = uids(instances);
            assertTrue(all.containsAll(found), "QIDO finds only instances that were sent: " + found);
            assertFalse(found.contains(cut.sopInstanceUid()), "the instance cut in the middle is not stored");
            assertTrue(found.containsAll(beforeKill), "instances QIDO showed before the kill were lost: "
                    + diff(beforeKill, found));
            for (SyntheticInstance instance : instances) {
                if (found.contains(instance.sopInstanceUid())) {
                    assertWhole(after, instance);
                } else {
                    assertAbsent(after, instance);
                }
            }
            assertStudyCounts(after, study, found.size());
            assertStudyRetrieveHasExactly(after, study, instances, found);

            // The client retries what was not stored; everything is then there and whole.
            List<SyntheticInstance> missing = instances.stream()
                    .filter(instance -> !found.contains(instance.sopInstanceUid())).toList();
            HttpResponse<String> retry = after.stow(missing.stream()
                    .<Supplier<InputStream>>map(instance -> instance::open).toList());
            assertEquals(200, retry.statusCode(), "STOW of the " + missing.size()
                    + " instances not stored before the crash: " + retry.body() + "\n" + server.logTail(30));
            assertEquals(all, sopUids(after.qido("/dicomweb/studies/" + study + "/instances?limit=1000")));
            for (SyntheticInstance instance : missing) {
                assertWhole(after, instance);
            }
            assertStudyCounts(after, study, COUNT);

            server.stop();
            Map<String, String> expectedSha = new HashMap<>();
            for (SyntheticInstance instance : instances) {
                expectedSha.put(instance.sopInstanceUid(), instance.sha256());
            }
            assertStoreMatchesIndex(dataDir, expectedSha);
            System.out.printf("[CrashDuringStowIT] after restart: %d of %d found whole, %d absent and re-sent%n",
                    found.size(), COUNT, missing.size());
            ProcessTestSupport.deleteTree(work);
        } finally {
            server.kill();
            System.out.println("[CrashDuringStowIT] log: " + server.logFile());
        }
    }

    // ---- checks ----

    /** WADO-RS gives back exactly the bytes sent; metadata and the first frame are there. */
    static void assertWhole(DicomWebClient client, SyntheticInstance instance) throws Exception {
        String path = instancePath(instance);
        DicomWebClient.Retrieved retrieved = client.retrieve(path, DicomWebClient.ACCEPT_DICOM_AS_STORED);
        assertTrue(retrieved.ok(), "retrieve " + instance.sopInstanceUid() + ": " + retrieved);
        assertEquals(List.of(instance.length()), retrieved.lengths(), "length of " + instance.sopInstanceUid());
        assertEquals(instance.sha256(), retrieved.sha256s().get(0), "bytes of " + instance.sopInstanceUid());
        HttpResponse<String> metadata = client.get(path + "/metadata", "application/dicom+json");
        assertEquals(200, metadata.statusCode(), "metadata of " + instance.sopInstanceUid() + ": " + metadata.body());
        JsonNode json = DicomWebClient.JSON.readTree(metadata.body());
        assertEquals(instance.sopInstanceUid(), DicomWebClient.string(json.get(0), "00080018"));
        assertEquals(instance.studyUid(), DicomWebClient.string(json.get(0), "0020000D"));
    }

    /** Not in QIDO, so nowhere: instance, metadata and frames are 404. */
    static void assertAbsent(DicomWebClient client, SyntheticInstance instance) throws Exception {
        String path = instancePath(instance);
        assertEquals(404, client.get(path, DicomWebClient.ACCEPT_DICOM_AS_STORED).statusCode(),
                "retrieve of an instance QIDO does not find");
        assertEquals(404, client.get(path + "/metadata", "application/dicom+json").statusCode(),
                "metadata of an instance QIDO does not find");
        assertEquals(404, client.get(path + "/frames/1", DicomWebClient.ACCEPT_OCTETS_AS_STORED).statusCode(),
                "frames of an instance QIDO does not find");
        assertEquals(0, client.qido("/dicomweb/instances?SOPInstanceUID=" + instance.sopInstanceUid()).size(),
                "instance-level QIDO across studies");
    }

    static void assertStudyCounts(DicomWebClient client, String study, int instances) throws Exception {
        JsonNode studies = client.qido("/dicomweb/studies?StudyInstanceUID=" + study);
        if (instances == 0) {
            assertEquals(0, studies.size(), "no study left when none of its instances is stored: " + studies);
            return;
        }
        assertEquals(1, studies.size(), "the study: " + studies);
        assertEquals(Integer.toString(instances), studies.get(0).path("00201208").path("Value").path(0).asText(),
                "NumberOfStudyRelatedInstances (0020,1208) after the crash: " + studies.get(0));
    }

    /** Study-level WADO-RS streams exactly the stored instances, each whole. */
    static void assertStudyRetrieveHasExactly(DicomWebClient client, String study, List<SyntheticInstance> instances,
                                              Set<String> found) throws Exception {
        if (found.isEmpty()) {
            assertEquals(404, client.get("/dicomweb/studies/" + study, DicomWebClient.ACCEPT_DICOM_AS_STORED)
                    .statusCode());
            return;
        }
        DicomWebClient.Retrieved retrieved = client.retrieve("/dicomweb/studies/" + study,
                DicomWebClient.ACCEPT_DICOM_AS_STORED);
        assertTrue(retrieved.ok(), "study retrieve: " + retrieved);
        Set<String> expected = new TreeSet<>();
        for (SyntheticInstance instance : instances) {
            if (found.contains(instance.sopInstanceUid())) {
                expected.add(instance.sha256());
            }
        }
        assertEquals(expected, new TreeSet<>(retrieved.sha256s()), "study retrieve gives the stored instances whole");
        assertEquals(found.size(), retrieved.sha256s().size());
    }

    /**
     * The startup sweep (in the background, after readiness) removes what the crash left: temporary and part files,
     * and instance objects without a row, so that exactly one object per stored instance remains.
     */
    static void awaitSwept(Path dataDir, TesseraProcess server, int storedInstances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> leftovers;
        List<String> instanceObjects;
        do {
            leftovers = temporaryObjects(dataDir);
            instanceObjects = ProcessTestSupport.filesUnder(dataDir.resolve("objects").resolve("instances"));
            if (leftovers.isEmpty() && instanceObjects.size() == storedInstances) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        fail("60 s after the restart the sweep has left temporary objects " + leftovers + " and "
                + instanceObjects.size() + " instance objects for " + storedInstances + " stored instances: "
                + instanceObjects + "\n" + server.logTail(30));
    }

    /** Sets every object file's modification time back, with the server stopped. */
    static void backdateObjects(Path dataDir, java.time.Duration age) throws IOException {
        java.nio.file.attribute.FileTime then = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(age));
        Path objects = dataDir.resolve("objects");
        for (String file : ProcessTestSupport.filesUnder(objects)) {
            Files.setLastModifiedTime(objects.resolve(file), then);
        }
    }

    static List<String> temporaryObjects(Path dataDir) throws IOException {
        Path objects = dataDir.resolve("objects");
        List<String> leftovers = new ArrayList<>();
        for (String file : ProcessTestSupport.filesUnder(objects)) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (file.startsWith("tmp/") || name.endsWith(".part") || name.startsWith(".")) {
                leftovers.add(file);
            }
        }
        return leftovers;
    }

    /**
     * With the server stopped, the index (H2, opened with the server's own URL) and the object store agree: every row
     * is STORED and its object exists with the recorded size (and the SHA-256 sent, when known); every object file
     * has a row; nothing temporary is left.
     */
    static void assertStoreMatchesIndex(Path dataDir, Map<String, String> expectedSha) throws Exception {
        assertEquals(List.of(), temporaryObjects(dataDir), "temporary objects after a graceful stop");
        Path objects = dataDir.resolve("objects");
        Set<String> files = new TreeSet<>(ProcessTestSupport.filesUnder(objects));
        Set<String> keys = new TreeSet<>();
        String url = "jdbc:h2:file:" + dataDir.resolve("index").resolve("tessera").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE";
        try (Connection db = DriverManager.getConnection(url, "tessera", "");
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT sop_instance_uid, object_key, size_bytes, sha256, status FROM instance")) {
            while (rows.next()) {
                String sop = rows.getString(1);
                String key = rows.getString(2);
                assertEquals("STORED", rows.getString(5), "status of " + sop + " after restart");
                assertTrue(files.contains(key), "row " + sop + " points to a missing object " + key);
                assertEquals(rows.getLong(3), Files.size(objects.resolve(key)), "size of " + key);
                if (expectedSha.containsKey(sop)) {
                    assertEquals(expectedSha.get(sop), rows.getString(4).trim(), "recorded SHA-256 of " + sop);
                }
                assertTrue(keys.add(key), "two rows share the object " + key);
            }
        }
        Set<String> orphans = new TreeSet<>(files);
        orphans.removeAll(keys);
        assertEquals(Set.of(), orphans, "object files without an index row");
    }

    // ---- helpers ----

    static String instancePath(SyntheticInstance instance) {
        return "/dicomweb/studies/" + instance.studyUid() + "/series/" + instance.seriesUid() + "/instances/"
                + instance.sopInstanceUid();
    }

    static Set<String> sopUids(JsonNode qido) {
        Set<String> uids = new TreeSet<>();
        for (JsonNode dataset : qido) {
            uids.add(DicomWebClient.string(dataset, "00080018"));
        }
        return uids;
    }

    static Set<String> uids(List<SyntheticInstance> instances) {
        Set<String> uids = new TreeSet<>();
        instances.forEach(instance -> uids.add(instance.sopInstanceUid()));
        return uids;
    }

    static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
