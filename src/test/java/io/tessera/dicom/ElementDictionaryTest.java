package io.tessera.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ElementDictionaryTest {
    private final ElementDictionary dictionary = ElementDictionary.standard();

    @Test
    void patientNameIsPersonName() {
        ElementDictionary.Entry entry = dictionary.entry(Tags.PatientName);
        assertEquals(List.of(Vr.PN), entry.vrs());
        assertEquals("1", entry.vm());
        assertEquals("PatientName", entry.keyword());
        assertEquals("Patient's Name", entry.name());
        assertFalse(entry.retired());
        assertEquals(Vr.PN, dictionary.vrOf(0x00100010));
    }

    @Test
    void looksUpKeywordsBothWays() {
        assertEquals(0x00080018, dictionary.tagOf("SOPInstanceUID"));
        assertEquals(0x7FE00010, dictionary.tagOf("PixelData"));
        assertEquals(0x00100010, dictionary.tagOf("00100010"));
        assertEquals(0x7FE00010, dictionary.tagOf("7fe00010"));
        assertEquals(-1, dictionary.tagOf("NoSuchKeyword"));
        assertEquals(-1, dictionary.tagOf("0010001"));
        assertEquals("StudyInstanceUID", dictionary.keywordOf(0x0020000D));
        assertNull(dictionary.keywordOf(0x00100011));
    }

    @Test
    void retiredElementsAreKnownButFlagged() {
        ElementDictionary.Entry entry = dictionary.entry(dictionary.tagOf("CommandLengthToEnd"));
        assertTrue(entry.retired());
        assertEquals(Vr.UL, entry.defaultVr());
    }

    @Test
    void overlayDataResolvesThroughRepeatingGroupMask() {
        for (int group = 0x6000; group <= 0x601E; group += 2) {
            ElementDictionary.Entry entry = dictionary.entry(Tag.of(group, 0x3000));
            assertNotNull(entry, Tag.toString(Tag.of(group, 0x3000)));
            assertEquals(List.of(Vr.OB, Vr.OW), entry.vrs());
            assertEquals("OverlayData", entry.keyword());
            assertEquals(Tag.of(group, 0x3000), entry.tag());
        }
        assertEquals(0x60003000, dictionary.tagOf("OverlayData"));
        assertEquals(Vr.US, dictionary.vrOf(0x60020010));
    }

    @Test
    void curveAndOtherRetiredRepeatersResolve() {
        ElementDictionary.Entry curveData = dictionary.entry(0x50103000);
        assertEquals("CurveData", curveData.keyword());
        assertEquals(List.of(Vr.OB, Vr.OW), curveData.vrs());
        assertTrue(curveData.retired());
        assertEquals("NumberOfPoints", dictionary.keywordOf(0x50100010));
        assertEquals("SourceImageIDs", dictionary.keywordOf(0x002031A7));
        assertEquals("RowsForNthOrderCoefficients", dictionary.keywordOf(0x00280430));
        assertEquals("VariablePixelData", dictionary.keywordOf(0x7F100010));
    }

    @Test
    void multipleVrsKeepEveryAlternativeInOrder() {
        assertEquals(List.of(Vr.US, Vr.SS), dictionary.entry(Tags.SmallestImagePixelValue).vrs());
        assertEquals(List.of(Vr.OB, Vr.OW), dictionary.entry(Tags.PixelData).vrs());
        assertEquals(List.of(Vr.US, Vr.OW), dictionary.entry(Tags.LUTData).vrs());
        assertEquals(List.of(Vr.US, Vr.SS, Vr.OW), dictionary.entry(dictionary.tagOf("GrayLookupTableData")).vrs());
        assertEquals(Vr.US, dictionary.vrOf(Tags.SmallestImagePixelValue));
    }

    @Test
    void groupLengthsPrivateCreatorsAndUnknownTags() {
        assertEquals(Vr.UL, dictionary.vrOf(0x00080000));
        assertEquals(Vr.UL, dictionary.vrOf(Tags.FileMetaInformationGroupLength));
        assertEquals(Vr.LO, dictionary.vrOf(0x00290010));
        assertEquals(Vr.LO, dictionary.vrOf(0x000900FF));
        assertEquals(Vr.UN, dictionary.vrOf(0x00291010));
        assertNull(dictionary.entry(0x00291010));
        assertNull(dictionary.entry(0x00100011));
        assertEquals(Vr.UN, dictionary.vrOf(0x00100011));
        assertEquals(List.of(), dictionary.entry(Tag.ITEM).vrs());
        assertEquals(Vr.UN, dictionary.vrOf(Tag.ITEM));
    }

    @Test
    void privateElementsResolveByCreatorAndLowByte() {
        ElementDictionary.Entry csaImageHeader = dictionary.privateEntry("SIEMENS CSA HEADER", 0x00291010);
        assertEquals(List.of(Vr.OB), csaImageHeader.vrs());
        assertEquals("CSA Image Header Info", csaImageHeader.name());
        assertEquals(0x00291010, csaImageHeader.tag());
        // Another block, and the creator value with its LO padding.
        assertEquals("CSA Image Header Info", dictionary.privateEntry("SIEMENS CSA HEADER ", 0x00291110).name());
        assertEquals(Vr.CS, dictionary.privateEntry("SIEMENS CSA HEADER", 0x00291008).defaultVr());
        assertNull(dictionary.privateEntry("SIEMENS CSA HEADER", 0x00290010));
        assertNull(dictionary.privateEntry("SIEMENS CSA HEADER", 0x00291077));
        assertNull(dictionary.privateEntry("NO SUCH CREATOR", 0x00291010));
    }

    @Test
    void holdsTheWholeStandard() {
        assertTrue(dictionary.size() > 4000, "entries: " + dictionary.size());
    }

    @Test
    void everyTagsConstantResolvesToItsKeyword() throws IllegalAccessException {
        List<String> mismatches = new ArrayList<>();
        int constants = 0;
        for (Field field : Tags.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != int.class) {
                continue;
            }
            constants++;
            int tag = field.getInt(null);
            ElementDictionary.Entry entry = dictionary.entry(tag);
            if (entry == null || !field.getName().equals(entry.keyword()) || entry.retired()
                    || dictionary.tagOf(field.getName()) != tag) {
                mismatches.add(field.getName());
            }
        }
        assertTrue(constants > 4000, "constants: " + constants);
        assertEquals(List.of(), mismatches);
    }

    @Test
    void uidRegistryKnowsTransferSyntaxesAndSopClasses() {
        UidDictionary uids = UidDictionary.standard();
        UidDictionary.Entry jpegBaseline = uids.entry("1.2.840.10008.1.2.4.50");
        assertEquals("JPEG Baseline (Process 1)", jpegBaseline.name());
        assertEquals("Transfer Syntax", jpegBaseline.type());
        assertEquals("JPEGBaseline8Bit", jpegBaseline.keyword());
        assertFalse(jpegBaseline.retired());
        assertEquals("CT Image Storage", uids.nameOf("1.2.840.10008.5.1.4.1.1.2"));
        assertEquals("SOP Class", uids.entry("1.2.840.10008.5.1.4.1.1.2\0").type());
        assertEquals("1.2.840.10008.5.1.4.1.1.2", uids.uidOf("CTImageStorage"));
        assertTrue(uids.entry("1.2.840.10008.1.2.2").retired());
        assertNull(uids.nameOf("1.2.3.4"));
        assertTrue(uids.size() > 400);
    }
}
