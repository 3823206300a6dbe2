package io.tessera.dicomweb.qido;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tessera.index.InstanceEntity.Status;
import jakarta.enterprise.inject.spi.CDI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One small archive shared by the QIDO-RS tests, made once per test run under fresh UIDs and slugs so it never
 * collides with data left by earlier runs or other tests:
 * <pre>
 * collection A: S1 Doe^John   P1  20200115 101500  CT series SE1a (3 instances), SEG series SE1b (1)
 *               S2 Müller^Jürgen P2 20210620 083000 MR series SE2a (2 instances)
 *               S4 Doe^John   P1  20220101         CT series SE4a, one PENDING instance only (invisible)
 * collection B: S3 Doe^Jane   P1  20190301 140000  CT series SE3a (1 instance)
 * </pre>
 */
final class QidoTestData {
    static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    static final String SLUG_A = "qido-a-" + RUN;
    static final String SLUG_B = "qido-b-" + RUN;
    static final String P1 = "QIDO" + RUN + "-1";
    static final String P2 = "QIDO" + RUN + "-2";
    static final String ANY_PATIENT = "QIDO" + RUN + "-*";
    static final String S1 = uid(1), S2 = uid(2), S3 = uid(3), S4 = uid(4);
    static final String SE1A = uid(11), SE1B = uid(12), SE2A = uid(21), SE3A = uid(31), SE4A = uid(41);
    static final String I1A1 = uid(111), I1A2 = uid(112), I1A3 = uid(113), I1B1 = uid(121);
    static final String I2A1 = uid(211), I2A2 = uid(212), I3A1 = uid(311), I4A1 = uid(411);

    static final String STUDY_UID = "0020000D";
    static final String SERIES_UID = "0020000E";
    static final String SOP_UID = "00080018";
    static final String RETRIEVE_URL = "00081190";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean created;

    private QidoTestData() {
    }

    private static String uid(int n) {
        return "2.25." + RUN + "." + n;
    }

    static synchronized void create() {
        if (created) {
            return;
        }
        IndexFixtures index = CDI.current().select(IndexFixtures.class).get();
        long a = index.collection(SLUG_A);
        long b = index.collection(SLUG_B);

        long s1 = index.study(a, S1, st -> {
            st.patientName = "Doe^John";
            st.patientId = P1;
            st.patientBirthDate = "19600101";
            st.patientSex = "M";
            st.studyDate = "20200115";
            st.studyTime = "101500";
            st.accessionNumber = "A" + RUN;
            st.studyId = "S1";
            st.studyDescription = "Chest CT";
            st.referringPhysicianName = "Smith^Anna";
        });
        long se1a = index.series(s1, SE1A, se -> {
            se.modality = "CT";
            se.seriesNumber = 1;
            se.seriesDescription = "Axial 1mm";
            se.seriesDate = "20200115";
            se.bodyPartExamined = "CHEST";
            se.manufacturer = "ACME";
            se.institutionName = "General";
            se.performedProcedureStartDate = "20200115";
            se.performedProcedureStartTime = "101600";
        });
        index.instance(se1a, I1A3, 3, Status.STORED);
        index.instance(se1a, I1A1, 1, Status.STORED);
        index.instance(se1a, I1A2, 2, Status.STORED);
        long se1b = index.series(s1, SE1B, se -> {
            se.modality = "SEG";
            se.seriesNumber = 2;
            se.seriesDescription = "Lung segmentation";
        });
        index.instance(se1b, I1B1, 1, Status.STORED);

        long s2 = index.study(a, S2, st -> {
            st.patientName = "Müller^Jürgen";
            st.patientId = P2;
            st.studyDate = "20210620";
            st.studyTime = "083000";
            st.studyDescription = "Brain MR";
        });
        long se2a = index.series(s2, SE2A, se -> {
            se.modality = "MR";
            se.seriesNumber = 1;
            se.seriesDescription = "T1";
            se.seriesDate = "20210620";
        });
        index.instance(se2a, I2A1, 1, Status.STORED);
        index.instance(se2a, I2A2, 2, Status.STORED);

        long s3 = index.study(b, S3, st -> {
            st.patientName = "Doe^Jane";
            st.patientId = P1;
            st.studyDate = "20190301";
            st.studyTime = "140000";
        });
        long se3a = index.series(s3, SE3A, se -> {
            se.modality = "CT";
            se.seriesNumber = 1;
        });
        index.instance(se3a, I3A1, 1, Status.STORED);

        long s4 = index.study(a, S4, st -> {
            st.patientName = "Doe^John";
            st.patientId = P1;
            st.studyDate = "20220101";
        });
        long se4a = index.series(s4, SE4A, se -> se.modality = "CT");
        index.instance(se4a, I4A1, 1, Status.PENDING);
        created = true;
    }

    /** A request to the root of every collection. */
    static RequestSpecification all() {
        return given().basePath("/dicomweb");
    }

    /** A request to the root scoped to one collection. */
    static RequestSpecification in(String slug) {
        return given().basePath("/dicomweb/collections/" + slug);
    }

    static List<Map<String, Map<String, Object>>> results(Response response) {
        try {
            return JSON.readValue(response.asString(), new TypeReference<>() {
            });
        } catch (Exception notJson) {
            throw new AssertionError("not a DICOM JSON array: " + response.asString(), notJson);
        }
    }

    /** The first value of {@code tag} in each result, in order. */
    static List<Object> firstValues(Response response, String tag) {
        return results(response).stream().map(result -> firstValue(result, tag)).toList();
    }

    static Object firstValue(Map<String, Map<String, Object>> result, String tag) {
        Map<String, Object> element = result.get(tag);
        if (element == null || !element.containsKey("Value")) {
            return null;
        }
        return ((List<?>) element.get("Value")).get(0);
    }
}
