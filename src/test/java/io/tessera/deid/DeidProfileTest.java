package io.tessera.deid;

import io.tessera.dicom.ElementDictionary;
import io.tessera.dicom.Tags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeidProfileTest {
    private static final DeidProfile BASIC = DeidProfile.basic();

    @Test
    void tableCoversTheStandardsRowsWithKnownTags() {
        List<DeidProfile.Rule> rules = DeidProfile.rules();
        assertTrue(rules.size() > 450, "rows: " + rules.size());
        ElementDictionary dictionary = ElementDictionary.standard();
        for (DeidProfile.Rule rule : rules) {
            if (rule.mask() == -1 && !rule.anyPrivate()) {
                assertTrue(dictionary.entry(rule.tag()) != null, "unknown tag in table: " + rule.name());
            }
        }
    }

    @Test
    void basicActionsFollowTableE11() {
        assertEquals(DeidAction.U, BASIC.actionFor(Tags.SOPInstanceUID));
        assertEquals(DeidAction.Z, BASIC.actionFor(Tags.StudyDate));
        assertEquals(DeidAction.X_Z_U, BASIC.actionFor(Tags.ReferencedImageSequence));
        assertEquals(DeidAction.X_Z_D, BASIC.actionFor(Tags.InstitutionName));
        assertEquals(DeidAction.Z_D, BASIC.actionFor(Tags.ContentDate));
        assertEquals(DeidAction.X, BASIC.actionFor(0x00291010), "private");
        assertEquals(DeidAction.X, BASIC.actionFor(0x60023000), "overlay data in a repeating group");
        assertEquals(DeidAction.X, BASIC.actionFor(0x501E0010), "curve data");
        assertNull(BASIC.actionFor(Tags.SOPClassUID), "not listed");
        assertNull(BASIC.actionFor(Tags.Modality));
    }

    @Test
    void optionsOverrideTheBasicAction() {
        DeidProfile tcia = DeidProfile.ofCodes(List.of("113101", "113105", "113107", "113108", "113109", "113111"));
        assertEquals(DeidAction.C, tcia.actionFor(Tags.StudyDate));
        assertEquals(DeidAction.C, tcia.actionFor(Tags.SeriesDescription));
        assertEquals(DeidAction.K, tcia.actionFor(Tags.PatientAge));
        assertEquals(DeidAction.K, tcia.actionFor(Tags.DeviceSerialNumber));
        assertEquals(DeidAction.C, tcia.actionFor(0x00191010));
        assertEquals(DeidAction.U, tcia.actionFor(Tags.StudyInstanceUID));
        assertEquals(DeidAction.Z, tcia.actionFor(Tags.PatientBirthDate), "no option retains the birth date");

        DeidProfile retainUids = DeidProfile.withOptions(Set.of(DeidOption.RETAIN_UIDS, DeidOption.RETAIN_DEVICE_IDENTITY));
        assertEquals(DeidAction.K, retainUids.actionFor(Tags.StudyInstanceUID));
        assertEquals(DeidAction.K, retainUids.actionFor(Tags.DeviceUID), "two options both keep");
        assertEquals(DeidAction.X, retainUids.actionFor(Tags.ReferencedPatientSequence));
    }

    @Test
    void profileAlwaysIncludesBasicAndRejectsBothDateOptions() {
        assertEquals(List.of(DeidOption.BASIC_PROFILE, DeidOption.CLEAN_DESCRIPTORS),
                DeidProfile.ofCodes(List.of("113105")).options());
        assertThrows(IllegalArgumentException.class, () -> DeidProfile.ofCodes(List.of("113106", "113107")));
        assertThrows(IllegalArgumentException.class, () -> DeidProfile.ofCodes(List.of("999999")));
    }

    @Test
    void safePrivateListMatchesByCreatorAndBlockOffset() {
        assertTrue(DeidProfile.isSafePrivate("SIEMENS MR HEADER ", 0x0019100C));
        assertTrue(DeidProfile.isSafePrivate("SIEMENS MR HEADER", 0x0019110C), "creator reserved block 11");
        assertTrue(!DeidProfile.isSafePrivate("SIEMENS MR HEADER", 0x00191010));
        assertTrue(!DeidProfile.isSafePrivate("ACME", 0x0019100C));
    }
}
