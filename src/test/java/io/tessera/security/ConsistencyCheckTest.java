package io.tessera.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tessera.storage.Backends;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.index.InstanceEntity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The consistency check finds a lost object and an old orphan, and repair marks the one and deletes the other. */
@QuarkusTest
class ConsistencyCheckTest {

    @Test
    void findsAndRepairsBothSides() throws IOException {
        Backends.assumeFilesystemStore();
        SecurityFixtures.Study lost = SecurityFixtures.stow(SecurityFixtures.collection("consistency", false),
                SecurityFixtures.ADMIN);
        Path objects = Path.of(ConfigProvider.getConfig().getValue("tessera.data-dir", String.class), "objects");
        Path lostObject = objects.resolve(QuarkusTransaction.requiringNew().call(() -> InstanceEntity
                .<InstanceEntity>find("sopInstanceUid", lost.sop()).firstResult().objectKey));
        Files.delete(lostObject);
        Path orphan = objects.resolve("instances/00/orphan-" + lost.sop() + ".dcm");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[]{1, 2, 3});
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));

        given().header("Authorization", SecurityFixtures.ADMIN).post("/api/admin/consistency-check?deep=true")
                .then().statusCode(200)
                .body("missing.listed", hasItem(startsWith(lost.sop())))
                .body("orphanObjects.listed", hasItem("instances/00/orphan-" + lost.sop() + ".dcm"))
                .body("checkedInstances", greaterThanOrEqualTo(1));
        given().header("Authorization", SecurityFixtures.ADMIN).post("/api/admin/consistency-check?repair=true")
                .then().statusCode(200)
                .body("markedMissing", greaterThanOrEqualTo(1))
                .body("deletedOrphans", greaterThanOrEqualTo(1));

        assertFalse(Files.exists(orphan));
        given().header("Authorization", SecurityFixtures.ADMIN).post("/api/admin/consistency-check")
                .then().statusCode(200)
                .body("missing.listed", not(hasItem(startsWith(lost.sop()))))
                .body("orphanObjects.listed", not(hasItem(startsWith("instances/00/orphan-" + lost.sop()))));
        given().get("/dicomweb/instances?SOPInstanceUID=" + lost.sop()).then().statusCode(200)
                .body("size()", equalTo(0));
    }
}
