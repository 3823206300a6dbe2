package io.tessera.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.dicomweb.stow.TestInstances;
import io.tessera.index.InstanceEntity;
import io.tessera.storage.Backends;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Another replica's transaction commits between two statements of ours: the index found the study absent, and then
 * finds a series of that study. That is a conflict to retry (InstanceIndexer), not a reason to refuse the instance.
 * Forced here with a second connection standing in for the other replica.
 */
@QuarkusTest
class ConcurrentStudyCreationTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSeriesOfAStudyFoundAbsentThatAppearsMeanwhileIsRetriedNotRefused() throws Exception {
        String firstStudy = TestInstances.newUid();
        String series = TestInstances.newUid();
        store(TestInstances.instance(firstStudy, series, TestInstances.newUid(), 8, 8, 1)).get(1, TimeUnit.MINUTES);

        // The other replica: creates a study and makes the series one of its own, and holds its transaction open. Our
        // look-up of that study sees nothing of it; our look-up of the series, for update, waits for its lock.
        String study = TestInstances.newUid();
        String sop = TestInstances.newUid();
        try (Connection replica = dataSource.getConnection()) {
            replica.setAutoCommit(false);
            long studyId = insertStudyLike(replica, firstStudy, study);
            try (PreparedStatement move = replica.prepareStatement(
                    "UPDATE series SET study_id = ? WHERE series_instance_uid = ?")) {
                move.setLong(1, studyId);
                move.setString(2, series);
                assertEquals(1, move.executeUpdate());
            }
            CompletableFuture<Integer> stored = store(TestInstances.instance(study, series, sop, 8, 8, 2));
            awaitBlockedSession(replica, stored);
            replica.commit();
            assertEquals(200, stored.get(1, TimeUnit.MINUTES));
        }
        InstanceEntity.Status status = QuarkusTransaction.requiringNew().call(() ->
                InstanceEntity.<InstanceEntity>find("sopInstanceUid", sop).firstResult().status);
        assertEquals(InstanceEntity.Status.STORED, status);
    }

    private static CompletableFuture<Integer> store(byte[] instance) {
        TestInstances.Multipart body = new TestInstances.Multipart().dicom(instance);
        return CompletableFuture.supplyAsync(() -> given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType(body.contentType()).body(body.bytes())
                .post("/dicomweb/studies").then().extract().statusCode());
    }

    /** A new study row in the collection of {@code like}, uncommitted; its id. */
    private static long insertStudyLike(Connection connection, String like, String study) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO study (id, collection_id, study_instance_uid, updated_at)"
                        + " SELECT nextval('study_seq'), collection_id, ?, ? FROM study WHERE study_instance_uid = ?",
                new String[] {"id"})) {
            insert.setString(1, study);
            insert.setObject(2, OffsetDateTime.now());
            insert.setString(3, like);
            assertEquals(1, insert.executeUpdate());
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertTrue(keys.next());
                return keys.getLong(1);
            }
        }
    }

    /** Waits until a session waits for a lock (ours, on the series row), or the store has answered already. */
    private void awaitBlockedSession(Connection replica, CompletableFuture<Integer> stored) throws Exception {
        String blocked = Backends.embeddedDatabase()
                ? "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL"
                : "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection observer = dataSource.getConnection()) {
            while (!stored.isDone() && System.nanoTime() < deadline) {
                try (PreparedStatement count = observer.prepareStatement(blocked);
                     ResultSet rows = count.executeQuery()) {
                    if (rows.next() && rows.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        replica.rollback();
        throw new AssertionError("the store never waited for the other transaction's lock; it answered "
                + (stored.isDone() ? stored.get() : "nothing"));
    }
}
