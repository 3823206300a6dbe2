package io.tessera.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Horizontal scale (issue 6): two Tessera processes on different ports over one PostgreSQL database and one S3 bucket
 * (S3Proxy in CI) store the two halves of one study at the same time, plus a few instances sent through both at once;
 * each server then shows the whole study with the right counts, every instance exactly once (index rows, objects,
 * QIDO, WADO-RS bytes).
 * <p>
 * Needs the production backends: TESSERA_TEST_DB_URL (jdbc:postgresql://..., a role that may CREATE DATABASE),
 * TESSERA_TEST_DB_USER, TESSERA_TEST_DB_PASSWORD, TESSERA_TEST_S3_ENDPOINT, TESSERA_TEST_S3_ACCESS_KEY,
 * TESSERA_TEST_S3_SECRET_KEY. {@code .ci/backends.sh} starts both and sets them; without them the test is skipped.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TwoReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "two-replicas-token";
    private static final int SERIES = 2;
    private static final int PER_SERIES = 24;
    /** Instances sent through both servers at once: stored once, whichever wins. */
    private static final int SENT_TWICE = 4;
    private static final int REQUESTS_PER_SERVER = 3;

    private static String dbUrl;
    private static String dbUser;
    private static String dbPassword;
    private static String database;
    private static String bucket;
    private static Path workDir;
    private static TesseraProcess first;
    private static TesseraProcess second;

    @BeforeAll
    static void startTwoServers() throws Exception {
        String baseUrl = env("TESSERA_TEST_DB_URL");
        String s3 = env("TESSERA_TEST_S3_ENDPOINT");
        Assumptions.assumeTrue(baseUrl != null && s3 != null, "TwoReplicasIT skipped: it needs PostgreSQL and S3 "
                + "(TESSERA_TEST_DB_URL, TESSERA_TEST_S3_ENDPOINT, ...; `source .ci/backends.sh && start_backends`)");
        dbUser = env("TESSERA_TEST_DB_USER");
        dbPassword = env("TESSERA_TEST_DB_PASSWORD");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database = "tessera_it_" + suffix;
        bucket = "tessera-it-" + suffix;
        try (Connection admin = DriverManager.getConnection(baseUrl, dbUser, dbPassword);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        dbUrl = withDatabase(baseUrl, database);

        Map<String, String> env = new HashMap<>();
        env.put("TESSERA_DB_URL", dbUrl);
        env.put("TESSERA_DB_USER", dbUser);
        env.put("TESSERA_DB_PASSWORD", dbPassword == null ? "" : dbPassword);
        env.put("TESSERA_S3_ENDPOINT", s3);
        env.put("TESSERA_S3_BUCKET", bucket);
        env.put("TESSERA_S3_ACCESS_KEY", nullToEmpty(env("TESSERA_TEST_S3_ACCESS_KEY")));
        env.put("TESSERA_S3_SECRET_KEY", nullToEmpty(env("TESSERA_TEST_S3_SECRET_KEY")));
        env.put("TESSERA_DB_POOL_SIZE", "8");
        workDir = ProcessTestSupport.workDir("two-replicas");
        first = new TesseraProcess(workDir.resolve("first"), TOKEN, "256m", env);
        second = new TesseraProcess(workDir.resolve("second"), TOKEN, "256m", env);
        // Both at once: Flyway migrates the empty database under its lock, the bucket is created by whichever is first.
        ExecutorService starter = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = starter.submit(() -> {
                first.start();
                return null;
            });
            Future<?> b = starter.submit(() -> {
                second.start();
                return null;
            });
            a.get();
            b.get();
        } finally {
            starter.shutdownNow();
        }
        assertTrue(first.port() != second.port());
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (first != null) {
            first.stop();
        }
        if (second != null) {
            second.stop();
        }
        if (database != null) {
            try (Connection admin = DriverManager.getConnection(env("TESSERA_TEST_DB_URL"), dbUser, dbPassword);
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void halvesOfOneStudyStoredThroughTwoServersAtOnceMakeOneWholeStudy() throws Exception {
        long run = System.nanoTime();
        String study = SyntheticInstance.uid(run, 0);
        List<SyntheticInstance> instances = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            String series = SyntheticInstance.uid(run, s + 1);
            for (int i = 0; i < PER_SERIES; i++) {
                // One instance per series spans several multipart upload parts (16 MiB each): 512x512x40 = 20 MiB.
                int frames = i == 0 ? 40 : 1;
                instances.add(new SyntheticInstance(study, series, SyntheticInstance.uid(run, 1000 + s * 100 + i),
                        i + 1, 64 * (i == 0 ? 8 : 1), 64 * (i == 0 ? 8 : 1), frames, run + s * 100 + i));
            }
        }
        // Interleaved halves: both servers create the same study and the same two series at the same moment.
        List<SyntheticInstance> toFirst = new ArrayList<>();
        List<SyntheticInstance> toSecond = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            (i % 2 == 0 ? toFirst : toSecond).add(instances.get(i));
            if (i % 2 == 0 && i / 2 < SENT_TWICE) {
                toSecond.add(instances.get(i)); // also through the other server, at the same time
            }
        }

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(2 * REQUESTS_PER_SERVER);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (TesseraProcess server : List.of(first, second)) {
                List<SyntheticInstance> half = server == first ? toFirst : toSecond;
                for (int r = 0; r < REQUESTS_PER_SERVER; r++) {
                    List<Supplier<InputStream>> bodies = new ArrayList<>();
                    for (int i = r; i < half.size(); i += REQUESTS_PER_SERVER) {
                        bodies.add(half.get(i)::open);
                    }
                    DicomWebClient client = DicomWebClient.of(server);
                    answers.add(clients.submit(() -> {
                        go.await();
                        return client.stow(bodies);
                    }));
                }
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(5, TimeUnit.MINUTES);
                assertEquals(200, response.statusCode(), "STOW: " + response.body()
                        + "\nfirst:\n" + first.logTail(40) + "\nsecond:\n" + second.logTail(40));
            }
        } finally {
            clients.shutdownNow();
        }

        Map<String, String> expected = new HashMap<>();
        for (SyntheticInstance instance : instances) {
            expected.put(instance.sopInstanceUid(), instance.sha256());
        }
        for (TesseraProcess server : List.of(first, second)) {
            assertWholeStudy(DicomWebClient.of(server), study, instances, expected, "through port " + server.port());
        }
        assertEachInstanceOnceInIndexAndStore(study, instances.size());
    }

    private static void assertWholeStudy(DicomWebClient client, String study, List<SyntheticInstance> instances,
                                         Map<String, String> expected, String where) throws Exception {
        JsonNode studies = client.qido("/dicomweb/studies?StudyInstanceUID=" + study);
        assertEquals(1, studies.size(), where + ": " + studies);
        assertEquals(Integer.toString(SERIES), DicomWebClient.string(studies.get(0), "00201206"), where + " series");
        assertEquals(Integer.toString(instances.size()), DicomWebClient.string(studies.get(0), "00201208"),
                where + " instances of the study");

        JsonNode series = client.qido("/dicomweb/studies/" + study + "/series");
        assertEquals(SERIES, series.size(), where + ": " + series);
        for (JsonNode one : series) {
            assertEquals(Integer.toString(PER_SERIES), DicomWebClient.string(one, "00201209"), where + " " + one);
        }

        JsonNode found = client.qido("/dicomweb/studies/" + study + "/instances?limit=1000");
        Set<String> uids = new TreeSet<>();
        for (JsonNode instance : found) {
            uids.add(DicomWebClient.string(instance, "00080018"));
        }
        assertEquals(instances.size(), found.size(), where + ": QIDO instances");
        assertEquals(new TreeSet<>(expected.keySet()), uids, where);

        // WADO-RS: every instance's bytes, whichever server stored it, come back through this one.
        DicomWebClient.Retrieved retrieved = client.retrieve("/dicomweb/studies/" + study,
                "multipart/related; type=\"application/dicom\"");
        assertTrue(retrieved.ok(), where + ": " + retrieved);
        assertEquals(new TreeSet<>(expected.values()), new TreeSet<>(retrieved.sha256s()), where + ": study bytes");
        assertEquals(instances.size(), retrieved.sha256s().size(), where);

        HttpResponse<String> collection = client.get("/api/collections/default", "application/json");
        assertEquals(200, collection.statusCode(), where + ": " + collection.body());
        JsonNode counts = JSON.readTree(collection.body()).path("counts");
        assertEquals(1, counts.path("studies").asInt(), where + ": " + counts);
        assertEquals(SERIES, counts.path("series").asInt(), where + ": " + counts);
        assertEquals(instances.size(), counts.path("instances").asInt(), where + ": " + counts);
    }

    /** One index row per instance, one object per row in the bucket, and no temporary object left behind. */
    private static void assertEachInstanceOnceInIndexAndStore(String study, int count) throws Exception {
        Set<String> keys = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT i.object_key, i.status, st.number_of_instances, "
                     + "st.number_of_series FROM instance i JOIN series se ON i.series_id = se.id "
                     + "JOIN study st ON se.study_id = st.id WHERE st.study_instance_uid = '" + study + "'")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
                assertEquals("STORED", rows.getString(2));
                assertEquals(count, rows.getInt(3), "study.number_of_instances");
                assertEquals(SERIES, rows.getInt(4), "study.number_of_series");
            }
        }
        assertEquals(count, keys.size(), "index rows with distinct objects");

        MinioClient s3 = MinioClient.builder().endpoint(env("TESSERA_TEST_S3_ENDPOINT")).region("us-east-1")
                .credentials(nullToEmpty(env("TESSERA_TEST_S3_ACCESS_KEY")),
                        nullToEmpty(env("TESSERA_TEST_S3_SECRET_KEY"))).build();
        Set<String> objects = new TreeSet<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            objects.add(item.get().objectName());
        }
        Set<String> instanceObjects = new TreeSet<>();
        for (String key : objects) {
            if (key.startsWith("instances/")) {
                instanceObjects.add(key);
            }
        }
        assertEquals(keys, instanceObjects, "objects in the bucket vs index rows (all objects: " + objects + ")");
        assertTrue(objects.stream().noneMatch(key -> key.startsWith("tmp/")), "temporary objects left: " + objects);
    }

    /** jdbc:postgresql://host:port/db?params with another database name. */
    static String withDatabase(String url, String name) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return base + "/" + name + params;
        }
        return base.substring(0, slash + 1) + name + params;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
