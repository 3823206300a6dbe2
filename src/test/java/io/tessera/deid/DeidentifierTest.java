package io.tessera.deid;

import io.tessera.dicom.Dataset;
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
 * The engine on {@link PhiCorpus}: three patients, two studies each, two instances per study, markers everywhere.
 */
class DeidentifierTest {
    private static final byte[] SECRET = "tessera-test-collection-secret".getBytes(StandardCharsets.UTF_8);
    private static final DeidProfile TCIA = DeidProfile.ofCodes(List.of("113101", "113105", "113107", "113108", "113109", "113111"));
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final Deidentifier deidentifier = new Deidentifier();

    @Test
    void basicProfileLeavesNoMarkerInTheWrittenBytes() throws IOException {
        DeidContext context = new DeidContext(DeidProfile.basic(), SECRET, new MapPseudonymStore("TEST"));
        for (Dataset instance : PhiCorpus.corpus()) {
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
        for (Dataset instance : PhiCorpus.corpus()) {
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
            assertFalse(written.contains("PHI-MARKER-" + Tag.toHex(PhiCorpus.PRIVATE_TEXT)));
            assertEquals("CT chest", instance.string(Tags.StudyDescription));
            assertEquals("1000", instance.string(PhiCorpus.SIEMENS_B_VALUE), "safe private element kept");
            assertEquals("SIEMENS MR HEADER", instance.string(PhiCorpus.SIEMENS_CREATOR));
            assertFalse(instance.contains(PhiCorpus.SIEMENS_UNSAFE));
            assertFalse(instance.contains(PhiCorpus.PRIVATE_CREATOR));
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
        List<Dataset> first = PhiCorpus.corpus();
        List<Dataset> second = PhiCorpus.corpus();
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
            assertEquals(PhiCorpus.CT_IMAGE, instance.string(Tags.SOPClassUID), "SOP Class UIDs are never replaced");
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
            assertEquals(PhiCorpus.CT_IMAGE, reference.string(Tags.ReferencedSOPClassUID));
        }
    }

    @Test
    void datesMoveByOneOffsetPerPatient() {
        DeidContext context = new DeidContext(TCIA, SECRET, new MapPseudonymStore("DATE"));
        List<Dataset> originals = PhiCorpus.corpus();
        List<Dataset> deidentified = PhiCorpus.corpus();
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
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, PhiCorpus.CT_IMAGE);
        dataset.remove(Tags.BurnedInAnnotation);
        assertFalse(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
        dataset.putStrings(Tags.BurnedInAnnotation, Vr.CS, "YES");
        assertTrue(BurnedInAnnotationPolicy.mayCarryBurnedInText(dataset));
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
