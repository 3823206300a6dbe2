package io.tessera.deid;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.ElementDictionary;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.DicomWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three patients, two studies each, two instances per study. Every attribute of Table E.1-1 that can hold
 * text carries "PHI-MARKER-<tag>-P<patient>", at the top level, inside sequence items and in private elements.
 */
class DeidentifierTest {
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    private static final byte[] SECRET = "tessera-test-collection-secret".getBytes(StandardCharsets.UTF_8);
    private static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final int PRIVATE_CREATOR = 0x00090010;
    private static final int PRIVATE_TEXT = 0x00091001;
    private static final int PRIVATE_SEQUENCE = 0x00091002;
    private static final int SIEMENS_CREATOR = 0x00190010;
    private static final int SIEMENS_B_VALUE = 0x0019100C;
    private static final int SIEMENS_UNSAFE = 0x00191010;
    private static final int TEXT_VALUE = 0x0040A160;
    private static final int PERSON_NAME = 0x0040A123;
    private static final List<Integer> MASKED_EXAMPLES = List.of(0x60003000, 0x60004000, 0x60023000, 0x50003000, 0x50002500);
    private static final DeidProfile TCIA = DeidProfile.ofCodes(List.of("113101", "113105", "113107", "113108", "113109", "113111"));
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final Deidentifier deidentifier = new Deidentifier();

    @Test
    void basicProfileLeavesNoMarkerInTheWrittenBytes() throws IOException {
        DeidContext context = new DeidContext(DeidProfile.basic(), SECRET, new MapPseudonymStore("TEST"));
        for (Dataset instance : corpus()) {
            long planted = written(instance).split("PHI-MARKER", -1).length - 1;
            assertTrue(planted > 450, "markers planted: " + planted);
            deidentifier.deidentify(instance, context);
            String written = written(instance);
            assertFalse(written.contains("PHI-MARKER"), () -> "marker left: " + around(written, "PHI-MARKER"));
            assertFalse(written.contains("Smithson"));
            assertEquals("REMOVED", instance.string(Tags.LongitudinalTemporalInformationModified));
            assertEquals("", String.join("", instance.strings(Tags.StudyDate)));
        }
    }

    @Test
    void optionsKeepOnlyWhatTheyRetainOrClean() throws IOException {
        DeidContext context = new DeidContext(TCIA, SECRET, new MapPseudonymStore("TCIA"));
        for (Dataset instance : corpus()) {
            deidentifier.deidentify(instance, context);
            String written = written(instance);
            for (DeidProfile.Rule rule : DeidProfile.rules()) {
                DeidAction action = rule.anyPrivate() ? DeidAction.X : TCIA.actionFor(rule.tag()).resolved();
                if (action != DeidAction.K && action != DeidAction.C && rule.mask() == -1) {
                    String marker = "PHI-MARKER-" + Tag.toHex(rule.tag()) + "-";
                    assertFalse(written.contains(marker), () -> rule.name() + ": " + around(written, marker));
                }
            }
            assertFalse(written.contains("Smithson"), "a descriptor naming the patient is cleaned away");
            assertFalse(written.contains("PHI-MARKER-" + Tag.toHex(PRIVATE_TEXT)));
            assertEquals("CT chest", instance.string(Tags.StudyDescription));
            assertEquals("1000", instance.string(SIEMENS_B_VALUE), "safe private element kept");
            assertEquals("SIEMENS MR HEADER", instance.string(SIEMENS_CREATOR));
            assertFalse(instance.contains(SIEMENS_UNSAFE));
            assertFalse(instance.contains(PRIVATE_CREATOR));
            assertEquals("NO", instance.string(Tags.BurnedInAnnotation));
            assertEquals("MODIFIED", instance.string(Tags.LongitudinalTemporalInformationModified));
            assertEquals("YES", instance.string(Tags.PatientIdentityRemoved));
            List<String> codes = instance.items(Tags.DeidentificationMethodCodeSequence).stream()
                    .map(item -> item.string(Tags.CodeValue) + "/" + item.string(Tags.CodingSchemeDesignator)).toList();
            assertEquals(List.of("113100/DCM", "113101/DCM", "113105/DCM", "113107/DCM", "113108/DCM", "113109/DCM",
                    "113111/DCM"), codes);
            assertTrue(instance.strings(Tags.DeidentificationMethod).contains("Retain Safe Private Option"));
        }
    }

    @Test
    void identifiersStayConsistentAcrossInstancesAndRuns() throws IOException {
        MapPseudonymStore store = new MapPseudonymStore("LUNG");
        List<Dataset> first = corpus();
        List<Dataset> second = corpus();
        first.forEach(instance -> deidentifier.deidentify(instance, new DeidContext(TCIA, SECRET, store)));
        second.forEach(instance -> deidentifier.deidentify(instance, new DeidContext(TCIA, SECRET, store)));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(written(first.get(i)), written(second.get(i)), "a second run gives the same bytes");
        }
        assertEquals(Set.of("LUNG-0001", "LUNG-0002", "LUNG-0003"), new HashSet<>(store.assigned().values()));

        Map<String, Set<String>> studiesByPatient = new HashMap<>();
        Set<String> sopInstances = new HashSet<>();
        for (Dataset instance : first) {
            assertEquals(instance.string(Tags.PatientID), instance.string(Tags.PatientName));
            studiesByPatient.computeIfAbsent(instance.string(Tags.PatientID), p -> new HashSet<>())
                    .add(instance.string(Tags.StudyInstanceUID));
            assertTrue(instance.string(Tags.StudyInstanceUID).startsWith("2.25."));
            sopInstances.add(instance.string(Tags.SOPInstanceUID));
            assertEquals(CT_IMAGE, instance.string(Tags.SOPClassUID), "SOP Class UIDs are never replaced");
        }
        assertEquals(first.size(), sopInstances.size());
        studiesByPatient.values().forEach(studies -> assertEquals(2, studies.size()));
        for (int i = 0; i < first.size(); i += 2) {
            Dataset firstOfStudy = first.get(i);
            Dataset secondOfStudy = first.get(i + 1);
            assertEquals(firstOfStudy.string(Tags.StudyInstanceUID), secondOfStudy.string(Tags.StudyInstanceUID));
            assertEquals(firstOfStudy.string(Tags.FrameOfReferenceUID), secondOfStudy.string(Tags.FrameOfReferenceUID));
            Dataset reference = secondOfStudy.items(Tags.ReferencedImageSequence).get(0);
            assertEquals(firstOfStudy.string(Tags.SOPInstanceUID), reference.string(Tags.ReferencedSOPInstanceUID),
                    "references follow the replaced UID");
            assertEquals(CT_IMAGE, reference.string(Tags.ReferencedSOPClassUID));
        }
    }

    @Test
    void datesMoveByOneOffsetPerPatient() {
        DeidContext context = new DeidContext(TCIA, SECRET, new MapPseudonymStore("DATE"));
        List<Dataset> originals = corpus();
        List<Dataset> deidentified = corpus();
        deidentified.forEach(instance -> deidentifier.deidentify(instance, context));
        Set<Long> offsets = new HashSet<>();
        for (int i = 0; i < originals.size(); i++) {
            Dataset original = originals.get(i);
            long expected = context.dates().offsetDays(original.string(Tags.PatientID));
            for (int tag : List.of(Tags.StudyDate, Tags.SeriesDate, Tags.ContentDate, Tags.InstanceCreationDate)) {
                long shift = ChronoUnit.DAYS.between(LocalDate.parse(original.string(tag), DA),
                        LocalDate.parse(deidentified.get(i).string(tag), DA));
                assertEquals(expected, shift, Tag.toString(tag));
            }
            assertEquals(original.string(Tags.StudyTime), deidentified.get(i).string(Tags.StudyTime), "times kept");
            assertEquals("", String.join("", deidentified.get(i).strings(Tags.PatientBirthDate)));
            offsets.add(expected);
        }
        assertEquals(3, offsets.size(), "each patient has its own offset");
    }

    @Test
    void burnedInAnnotationPolicyFlagsScreenshotsAndUltrasound() {
        Dataset dataset = new Dataset();
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7.4");
        assertTrue(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.6.1");
        assertTrue(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.3.1");
        assertTrue(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
        dataset.putStrings(Tags.BurnedInAnnotation, Vr.CS, "NO");
        assertFalse(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, CT_IMAGE);
        dataset.remove(Tags.BurnedInAnnotation);
        assertFalse(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
        dataset.putStrings(Tags.BurnedInAnnotation, Vr.CS, "YES");
        assertTrue(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
    }

    private static List<Dataset> corpus() {
        List<Dataset> instances = new ArrayList<>();
        for (int patient = 1; patient <= 3; patient++) {
            for (int study = 1; study <= 2; study++) {
                for (int number = 1; number <= 2; number++) {
                    instances.add(instance(patient, study, number));
                }
            }
        }
        return instances;
    }

    private static Dataset instance(int patient, int study, int number) {
        Dataset dataset = new Dataset();
        for (DeidProfile.Rule rule : DeidProfile.rules()) {
            if (rule.mask() == -1 && !rule.anyPrivate()) {
                plant(dataset, rule.tag(), patient);
            }
        }
        MASKED_EXAMPLES.forEach(tag -> plant(dataset, tag, patient));
        String studyUid = "1.2.826.0.1.3680043.2.1125." + patient + "." + study;
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, CT_IMAGE);
        dataset.putStrings(Tags.SOPInstanceUID, Vr.UI, studyUid + ".1." + number);
        dataset.putStrings(Tags.StudyInstanceUID, Vr.UI, studyUid);
        dataset.putStrings(Tags.SeriesInstanceUID, Vr.UI, studyUid + ".1");
        dataset.putStrings(Tags.FrameOfReferenceUID, Vr.UI, studyUid + ".9");
        dataset.putStrings(Tags.Modality, Vr.CS, "CT");
        dataset.putStrings(Tags.PatientName, Vr.PN, marker(Tags.PatientName, patient) + "^Smithson");
        dataset.putStrings(Tags.PatientBirthDate, Vr.DA, "1950010" + patient);
        String date = LocalDate.of(2020, 3, 1).plusDays(40L * study + patient).format(DA);
        for (int tag : List.of(Tags.StudyDate, Tags.SeriesDate, Tags.ContentDate, Tags.InstanceCreationDate)) {
            dataset.putStrings(tag, Vr.DA, date);
        }
        dataset.putStrings(Tags.StudyTime, Vr.TM, "101500");
        dataset.putStrings(Tags.StudyDescription, Vr.LO, "CT chest");
        dataset.putStrings(Tags.SeriesDescription, Vr.LO, "CT chest Smithson");
        Dataset reference = new Dataset();
        reference.putStrings(Tags.ReferencedSOPClassUID, Vr.UI, CT_IMAGE);
        reference.putStrings(Tags.ReferencedSOPInstanceUID, Vr.UI, studyUid + ".1.1");
        dataset.putSequence(Tags.ReferencedImageSequence, List.of(reference));

        dataset.putStrings(PRIVATE_CREATOR, Vr.LO, "ACME PHI 1.0");
        dataset.putStrings(PRIVATE_TEXT, Vr.LO, marker(PRIVATE_TEXT, patient));
        dataset.putSequence(PRIVATE_SEQUENCE, List.of(nestedItem(PRIVATE_SEQUENCE, patient)));
        dataset.putStrings(SIEMENS_CREATOR, Vr.LO, "SIEMENS MR HEADER");
        dataset.putStrings(SIEMENS_B_VALUE, Vr.IS, "1000");
        dataset.putStrings(SIEMENS_UNSAFE, Vr.LO, marker(SIEMENS_UNSAFE, patient));
        return dataset;
    }

    /** A marker in the element if its VR can hold one; sequences get an item with markers of their own. */
    private static void plant(Dataset dataset, int tag, int patient) {
        Vr vr = DICTIONARY.entry(tag).defaultVr();
        if (vr == Vr.SQ) {
            dataset.putSequence(tag, List.of(nestedItem(tag, patient)));
        } else if (vr.isText()) {
            dataset.putStrings(tag, vr, marker(tag, patient));
        } else if (vr == Vr.OB || vr == Vr.OW || vr == Vr.UN) {
            byte[] bytes = marker(tag, patient).getBytes(StandardCharsets.US_ASCII);
            dataset.put(tag, vr, new Value.Bytes(Arrays.copyOf(bytes, bytes.length + (bytes.length & 1))));
        }
    }

    private static Dataset nestedItem(int sequenceTag, int patient) {
        Dataset item = new Dataset();
        item.putStrings(PERSON_NAME, Vr.PN, marker(PERSON_NAME, patient));
        item.putStrings(Tags.InstitutionName, Vr.LO, marker(Tags.InstitutionName, patient));
        item.putStrings(TEXT_VALUE, Vr.UT, "PHI-MARKER-in-" + Tag.toHex(sequenceTag) + " " + marker(TEXT_VALUE, patient));
        item.putStrings(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.99." + patient);
        return item;
    }

    private static String marker(int tag, int patient) {
        return "PHI-MARKER-" + Tag.toHex(tag) + "-P" + patient;
    }

    private static String written(Dataset dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).write(new Dataset(), dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String around(String text, String needle) {
        int at = text.indexOf(needle);
        return at < 0 ? "" : text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 60));
    }
}
