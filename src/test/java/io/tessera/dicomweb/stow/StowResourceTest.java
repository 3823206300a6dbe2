package io.tessera.dicomweb.stow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.Frame;
import io.tessera.index.FrameRanges;
import io.tessera.index.InstanceEntity;
import io.tessera.index.StudyEntity;
import io.tessera.ingest.BulkDataPaths;
import io.tessera.storage.BlobStore;
import io.tessera.storage.ObjectKeys;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** STOW-RS end to end: real HTTP, the H2 index, the filesystem store, real DICOM files. */
@QuarkusTest
class StowResourceTest {
    private static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    private static final int STUDY_MISMATCH = 0xC409;
    private static final int CANNOT_UNDERSTAND = 0xC000;
    private static final String REFERENCED = "'00081199'.Value";
    private static final String FAILED = "'00081198'.Value";

    @Inject
    BlobStore blobs;

    @Test
    void storesEveryPydicomFileThatIsAPart10Instance() throws Exception {
        List<PydicomCorpus.Entry> corpus = PydicomCorpus.list();
        List<PydicomCorpus.Entry> storable = corpus.stream().filter(PydicomCorpus.Entry::storable).toList();
        assertTrue(storable.size() >= 40, "pydicom lists " + storable.size() + " storable files");
        List<String> unexpected = new ArrayList<>();
        Set<String> storedSops = new HashSet<>();
        for (PydicomCorpus.Entry entry : corpus) {
            int status = post("/dicomweb/studies", new TestInstances.Multipart().dicom(entry.bytes()))
                    .extract().statusCode();
            if (status == 200) {
                storedSops.add(entry.sopInstance());
            }
            boolean mayConflict = sopConflict(entry, storable) || seriesConflict(entry, storable);
            boolean expected = entry.storable() ? status == 200 || mayConflict && status == 409 : status == 409;
            if (!expected) {
                unexpected.add(entry.path().getFileName() + " -> " + status);
            }
        }
        assertEquals(List.of(), unexpected, "files stored or refused unexpectedly");
        // Of files sharing a SOP Instance UID with different bytes, the first ever sent is stored, the others refused.
        for (PydicomCorpus.Entry entry : storable) {
            if (!seriesConflict(entry, storable)) {
                assertTrue(storedSops.contains(entry.sopInstance()), entry.path() + ": its SOP Instance is stored");
            }
        }
        assertIndexed(storable.stream().filter(e -> e.path().endsWith("CT_small.dcm")).findFirst().orElseThrow());

        // The same files again, all in one request: each one already stored, so all succeed and nothing changes.
        List<PydicomCorpus.Entry> clean = storable.stream()
                .filter(e -> !sopConflict(e, storable) && !seriesConflict(e, storable)).toList();
        TestInstances.Multipart all = new TestInstances.Multipart();
        for (PydicomCorpus.Entry entry : clean) {
            all.dicom(entry.bytes());
        }
        post("/dicomweb/studies", all).statusCode(200).body(REFERENCED, hasSize(clean.size()));
    }

    private static boolean sopConflict(PydicomCorpus.Entry entry, List<PydicomCorpus.Entry> storable) {
        return storable.stream().anyMatch(other ->
                other.sopInstance().equals(entry.sopInstance()) && !other.sha256().equals(entry.sha256()));
    }

    /** A series UID that another file puts in another study: whichever comes second is refused. */
    private static boolean seriesConflict(PydicomCorpus.Entry entry, List<PydicomCorpus.Entry> storable) {
        return storable.stream().anyMatch(other ->
                other.series().equals(entry.series()) && !other.study().equals(entry.study()));
    }

    /** What the index holds of an instance, read inside the transaction (metadata and frames load lazily). */
    private record Indexed(InstanceEntity.Status status, byte[] metadataGz, byte[] frameRanges) {
    }

    private static void assertIndexed(PydicomCorpus.Entry entry) throws IOException {
        Indexed indexed = indexed(entry.sopInstance());
        String json = metadataJson(indexed);
        assertTrue(json.contains(entry.sopInstance()), json);
        assertTrue(json.contains(BulkDataPaths.STORED_PREFIX + "7FE00010\""), json);
        assertTrue(json.contains("\"00083002\":{\"vr\":\"UI\",\"Value\":[\"" + entry.transferSyntax() + "\"]"), json);
        assertNotNull(indexed.frameRanges());
        assertEquals(1, FrameRanges.decode(indexed.frameRanges()).size());
    }

    /**
     * Ingest parses the header from the first 64 KiB it kept while storing, and reads the object back only past them:
     * here Rows and Pixel Data lie beyond a 70 KB comment, and trailing padding beyond the pixels.
     */
    @Test
    void readsHeadersAndTrailersBeyondTheFirst64KiB() throws IOException {
        String sop = TestInstances.newUid();
        byte[] instance = TestInstances.instance(TestInstances.newUid(), TestInstances.newUid(), sop, 400, 400, 3,
                dataset -> {
                    dataset.putStrings(Tags.ImageComments, Vr.LT, "x".repeat(70_000));
                    dataset.put(Tags.DataSetTrailingPadding, Vr.OB, new Value.Bytes(new byte[16]));
                });
        post("/dicomweb/studies", new TestInstances.Multipart().dicom(instance)).statusCode(200);
        Indexed indexed = indexed(sop);
        String json = metadataJson(indexed);
        assertTrue(json.contains("\"00280010\":{\"vr\":\"US\",\"Value\":[400]}"), json);
        List<Frame> frames = FrameRanges.decode(indexed.frameRanges());
        assertEquals(1, frames.size());
        assertEquals(160_000, frames.get(0).length());
    }

    private static Indexed indexed(String sop) {
        Indexed indexed = QuarkusTransaction.requiringNew().call(() -> {
            InstanceEntity found = InstanceEntity.find("sopInstanceUid", sop).firstResult();
            return found == null ? null : new Indexed(found.status, found.metadataGz, found.frameRanges);
        });
        assertNotNull(indexed, sop + " indexed");
        assertEquals(InstanceEntity.Status.STORED, indexed.status());
        return indexed;
    }

    private static String metadataJson(Indexed indexed) throws IOException {
        try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(indexed.metadataGz()))) {
            return new String(gunzip.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void storesSeveralInstancesInOneRequest() {
        String study = TestInstances.newUid();
        String series = TestInstances.newUid();
        TestInstances.Multipart body = new TestInstances.Multipart();
        List<String> sops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String sop = TestInstances.newUid();
            sops.add(sop);
            body.dicom(TestInstances.instance(study, series, sop, 16, 16, i));
        }
        post("/dicomweb/studies", body)
                .statusCode(200)
                .contentType(containsString("application/dicom+json"))
                .body("'00081190'.Value[0]", endsWith("/dicomweb/studies/" + study))
                .body(REFERENCED, hasSize(4))
                .body(REFERENCED + "[2].'00081155'.Value[0]", equalTo(sops.get(2)))
                .body(REFERENCED + "[2].'00081150'.Value[0]", equalTo(TestInstances.SECONDARY_CAPTURE))
                .body(REFERENCED + "[2].'00081190'.Value[0]",
                        endsWith("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sops.get(2)))
                .body(FAILED, nullValue());
        StudyEntity stored = study(study);
        assertEquals(4, stored.numberOfInstances);
        assertEquals(1, stored.numberOfSeries);
        assertEquals("OT", stored.modalitiesInStudy);
        assertEquals("TEST^PATIENT", stored.patientNameSearch);
        assertEquals("20240131", stored.studyDate);
    }

    @Test
    void theSameInstanceTwiceIsStoredOnce() {
        String study = TestInstances.newUid();
        byte[] instance = TestInstances.instance(study, TestInstances.newUid(), TestInstances.newUid(), 8, 8, 1);
        post("/dicomweb/studies", new TestInstances.Multipart().dicom(instance)).statusCode(200);
        long sizeAfterFirst = study(study).sizeBytes;
        post("/dicomweb/studies/" + study, new TestInstances.Multipart().dicom(instance))
                .statusCode(200)
                .body(REFERENCED, hasSize(1));
        StudyEntity stored = study(study);
        assertEquals(1, stored.numberOfInstances);
        assertEquals(sizeAfterFirst, stored.sizeBytes);
        assertEquals(instance.length, sizeAfterFirst);
    }

    @Test
    void otherBytesUnderAStoredSopInstanceUidAreRefused() {
        String study = TestInstances.newUid();
        String series = TestInstances.newUid();
        String sop = TestInstances.newUid();
        post("/dicomweb/studies", new TestInstances.Multipart().dicom(TestInstances.instance(study, series, sop, 8, 8, 1)))
                .statusCode(200);
        post("/dicomweb/studies", new TestInstances.Multipart().dicom(TestInstances.instance(study, series, sop, 8, 8, 2)))
                .statusCode(409)
                .body(FAILED + "[0].'00081155'.Value[0]", equalTo(sop))
                .body(FAILED + "[0].'00081197'.Value[0]", equalTo(DUPLICATE_SOP_INSTANCE))
                .body(REFERENCED, nullValue());
        assertEquals(1, study(study).numberOfInstances);
    }

    @Test
    void everyOutcomeIsAuditedOnceWithItsActor() {
        String study = TestInstances.newUid();
        String series = TestInstances.newUid();
        String stored = TestInstances.newUid();
        String duplicate = TestInstances.newUid();
        post("/dicomweb/studies", new TestInstances.Multipart()
                .dicom(TestInstances.instance(study, series, duplicate, 8, 8, 1))).statusCode(200);
        post("/dicomweb/studies", new TestInstances.Multipart()
                .dicom(TestInstances.instance(study, series, stored, 8, 8, 1))
                .dicom(TestInstances.instance(study, series, duplicate, 8, 8, 2))
                .dicom("definitely not DICOM".getBytes(StandardCharsets.US_ASCII)))
                .statusCode(202);
        String prefix = "default/" + study + "/" + series + "/";
        List<Map<String, String>> entries = given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .get("/api/audit?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.action == 'stow.instance' }");
        // decided by the index, in its commit: the new instance, and the other bytes under a stored UID
        List<Map<String, String>> ofStudy = entries.stream()
                .filter(entry -> entry.get("target").startsWith(prefix)).toList();
        assertEquals(3, ofStudy.size(), ofStudy::toString);
        assertEquals(2, ofStudy.stream().filter(entry -> entry.get("target").equals(prefix + duplicate)
                && entry.get("actor").equals("admin")).count(), "the first store, ok, and the refusal");
        Map<String, String> refused = ofStudy.stream().filter(entry -> entry.get("outcome").equals("failed"))
                .findFirst().orElseThrow();
        assertEquals(prefix + duplicate, refused.get("target"));
        assertTrue(refused.get("detail").contains("stored already with other content"), refused::toString);
        assertEquals(1, ofStudy.stream().filter(entry -> entry.get("target").equals(prefix + stored)
                && entry.get("outcome").equals("ok") && entry.get("actor").equals("admin")).count());
        // refused before the index: recorded by the request, under the collection's name
        assertTrue(entries.stream().anyMatch(entry -> entry.get("target").equals("default")
                && entry.get("outcome").equals("failed") && entry.get("detail").startsWith("not a readable DICOM")),
                "the part that is not DICOM");
    }

    @Test
    void anInstanceOfAnotherStudyThanThePathIsRefused() {
        String pathStudy = TestInstances.newUid();
        String sop = TestInstances.newUid();
        byte[] instance = TestInstances.instance(TestInstances.newUid(), TestInstances.newUid(), sop, 8, 8, 1);
        post("/dicomweb/studies/" + pathStudy, new TestInstances.Multipart().dicom(instance))
                .statusCode(409)
                .header("Warning", containsString("not the study of the request"))
                .body("'00081190'.Value[0]", endsWith("/dicomweb/studies/" + pathStudy))
                .body(FAILED + "[0].'00081155'.Value[0]", equalTo(sop))
                .body(FAILED + "[0].'00081197'.Value[0]", equalTo(STUDY_MISMATCH));
    }

    @Test
    void partsThatAreNotDicomFailAndTheRestIsStored() {
        String study = TestInstances.newUid();
        String sop = TestInstances.newUid();
        TestInstances.Multipart body = new TestInstances.Multipart()
                .part("text/plain", "hello".getBytes(StandardCharsets.US_ASCII))
                .dicom(TestInstances.instance(study, TestInstances.newUid(), sop, 8, 8, 1))
                .dicom("definitely not DICOM".getBytes(StandardCharsets.US_ASCII));
        post("/dicomweb/studies", body)
                .statusCode(202)
                .body(REFERENCED, hasSize(1))
                .body(REFERENCED + "[0].'00081155'.Value[0]", equalTo(sop))
                .body(FAILED, hasSize(2))
                .body(FAILED + "[0].'00081197'.Value[0]", equalTo(CANNOT_UNDERSTAND))
                .body(FAILED + "[1].'00081197'.Value[0]", equalTo(CANNOT_UNDERSTAND));
    }

    @Test
    void aBrokenMultipartBodyStoresNothing() throws IOException {
        long objectsBefore = storedObjects();
        String study = TestInstances.newUid();
        TestInstances.Multipart body = new TestInstances.Multipart()
                .dicom(TestInstances.instance(study, TestInstances.newUid(), TestInstances.newUid(), 32, 32, 1));
        given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType(body.contentType())
                .body(body.truncated(100))
                .post("/dicomweb/studies")
                .then().statusCode(400)
                .body(REFERENCED, nullValue())
                .body(FAILED + "[0].'00081197'.Value[0]", equalTo(CANNOT_UNDERSTAND));
        assertEquals(null, QuarkusTransaction.requiringNew().call(() -> StudyEntity.find("studyInstanceUid", study).firstResult()));
        assertEquals(objectsBefore, storedObjects(), "objects left in the store");
    }

    private long storedObjects() throws IOException {
        long count = 0;
        for (String prefix : List.of(ObjectKeys.INSTANCE_PREFIX, ObjectKeys.TEMPORARY_PREFIX)) {
            try (var keys = blobs.list(prefix)) {
                count += keys.count();
            }
        }
        return count;
    }

    @Test
    void aBodyThatIsNotMultipartAtAllIs400() {
        given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=abc")
                .body("no delimiter anywhere".getBytes(StandardCharsets.US_ASCII))
                .post("/dicomweb/studies")
                .then().statusCode(400)
                .contentType(containsString("application/dicom+json"));
    }

    @Test
    void aSingleApplicationDicomBodyIsStored() {
        String study = TestInstances.newUid();
        String sop = TestInstances.newUid();
        given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType("application/dicom")
                .body(TestInstances.instance(study, TestInstances.newUid(), sop, 8, 8, 1))
                .post("/dicomweb/studies/" + study)
                .then().statusCode(200)
                .body(REFERENCED + "[0].'00081155'.Value[0]", equalTo(sop));
    }

    @Test
    void otherMediaTypesAre415() {
        given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType("application/json").body("{}")
                .post("/dicomweb/studies")
                .then().statusCode(415).body("error", containsString("multipart/related"));
        given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType("multipart/related; type=\"application/dicom+json\"; boundary=x")
                .body("--x--".getBytes(StandardCharsets.US_ASCII))
                .post("/dicomweb/studies")
                .then().statusCode(415);
    }

    @Test
    void storesIntoTheCollectionOfTheRootAndRefusesUnknownCollections() {
        given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType("application/dicom")
                .body(TestInstances.instance(TestInstances.newUid(), TestInstances.newUid(), TestInstances.newUid(), 8, 8, 1))
                .post("/dicomweb/collections/no-such-collection/studies")
                .then().statusCode(404);
        String study = TestInstances.newUid();
        TestInstances.Multipart body = new TestInstances.Multipart()
                .dicom(TestInstances.instance(study, TestInstances.newUid(), TestInstances.newUid(), 8, 8, 1));
        post("/dicomweb/collections/default/studies", body)
                .statusCode(200)
                .body("'00081190'.Value[0]", endsWith("/dicomweb/collections/default/studies/" + study));
    }

    @Test
    void writesNeedTheAdminToken() {
        byte[] body = new TestInstances.Multipart().bytes();
        given().contentType("application/dicom").body(body)
                .post("/dicomweb/studies")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer not-the-token").contentType("application/dicom").body(body)
                .post("/dicomweb/studies")
                .then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
    }

    private static ValidatableResponse post(String path, TestInstances.Multipart body) {
        return given().header("Authorization", TestInstances.ADMIN_TOKEN)
                .contentType(body.contentType())
                .body(body.bytes())
                .post(path)
                .then();
    }

    private static StudyEntity study(String uid) {
        return QuarkusTransaction.requiringNew().call(() -> StudyEntity.find("studyInstanceUid", uid).firstResult());
    }
}
