package io.tessera.dicom.json;

import static io.tessera.dicom.json.DicomJsonWriterTest.json;
import static io.tessera.dicom.json.DicomJsonWriterTest.le;
import static io.tessera.dicom.json.DicomJsonWriterTest.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.DicomException;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DicomJsonReaderTest {

    static Dataset read(String json) throws IOException {
        return new DicomJsonReader(new StringReader(json), JsonReadOptions.DEFAULTS).read();
    }

    static String text(Dataset dataset, int tag) {
        return new String(dataset.bytes(tag), StandardCharsets.UTF_8);
    }

    @Test
    void readsTextWithNullComponentsAndPadding() throws IOException {
        Dataset dataset = read("{\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]},"
                + "\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}");
        assertEquals("ORIGINAL\\\\AXIAL ", text(dataset, 0x00080008));
        assertArrayEquals("1.2.3\0".getBytes(StandardCharsets.US_ASCII), dataset.bytes(0x00080018));
        assertNull(dataset.get(0x00080005), "all-ASCII data sets get no Specific Character Set");
    }

    @Test
    void readsPersonNameGroupsInOrderDroppingTrailingEmptyOnes() throws IOException {
        Dataset dataset = read("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Phonetic\":\"p\",\"Alphabetic\":\"A^B\"},"
                + "null,{\"Alphabetic\":\"C\",\"Ideographic\":\"\"}]}}");
        assertEquals("A^B==p\\\\C ", text(dataset, 0x00100010));
    }

    @Test
    void readsNumbersBackToLittleEndianBinary() throws IOException {
        Dataset dataset = read("{\"00280010\":{\"vr\":\"US\",\"Value\":[65535]},\"00281041\":{\"vr\":\"SS\",\"Value\":[-2]},"
                + "\"00720082\":{\"vr\":\"SV\",\"Value\":[-9223372036854775808]},"
                + "\"00720083\":{\"vr\":\"UV\",\"Value\":[18446744073709551615, \"7\"]},"
                + "\"00189087\":{\"vr\":\"FD\",\"Value\":[0.5,\"-Infinity\"]},\"00209165\":{\"vr\":\"AT\",\"Value\":[\"7FE00010\"]},"
                + "\"00180050\":{\"vr\":\"DS\",\"Value\":[1.50,\"abc\",null]}}");
        assertArrayEquals(le(Vr.US, 65535), dataset.bytes(0x00280010));
        assertArrayEquals(le(Vr.SS, -2), dataset.bytes(0x00281041));
        assertArrayEquals(le(Vr.SV, Long.MIN_VALUE), dataset.bytes(0x00720082));
        assertArrayEquals(le(Vr.UV, -1L, 7), dataset.bytes(0x00720083));
        assertArrayEquals(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.5)
                .putDouble(Double.NEGATIVE_INFINITY).array(), dataset.bytes(0x00189087));
        assertArrayEquals(le(Vr.US, 0x7FE0, 0x0010), dataset.bytes(0x00209165));
        assertEquals("1.50\\abc\\ ", text(dataset, 0x00180050));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[65536]}}",
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[-1]}}",
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[1.5]}}",
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[null]}}",
            "{\"00281041\":{\"vr\":\"SS\",\"Value\":[32768]}}",
            "{\"00209165\":{\"vr\":\"AT\",\"Value\":[\"7FE0001\"]}}",
            "{\"7FE00010\":{\"vr\":\"OB\",\"Value\":[1]}}",
            "{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"not base64!\"}}",
            "{\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://x/1\"}}",
            "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Given\":\"x\"}]}}",
            "{\"0010001\":{\"vr\":\"PN\"}}",
            "{\"00100010\":{\"vr\":\"XX\"}}",
            "{\"00100010\":{\"Value\":[\"x\"]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":\"x\"}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[\"x\"],\"InlineBinary\":\"AA==\"}}",
            "{\"00081115\":{\"vr\":\"SQ\",\"Value\":[1]}}",
            "",
            "[]",
            "{",
            "{\"00100010\":{\"vr\":\"LO\"}",
            "{\"00100010\":{\"vr\":\"LO\"}} x",
            "{\"00100010\":{\"vr\":\"LO\",}}",
            "{\"00100010\":{\"vr\":\"LO\"},}",
            "{\"00100010\" {\"vr\":\"LO\"}}",
            "{'00100010':{\"vr\":\"LO\"}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[01]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[1.]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[-]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[tru]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[\"a\\x\"]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[\"a\\u12\"]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[\"tab\there\"]}}",
            "{\"00100010\":{\"vr\":\"LO\",\"Value\":[\"unterminated]}}",
    })
    void rejectsMalformedJsonAndDicomJson(String json) {
        assertThrows(DicomException.class, () -> read(json));
    }

    @Test
    void enforcesDocumentSizeAndDepthLimits() {
        String deep = "{\"00081115\":{\"vr\":\"SQ\",\"Value\":[".repeat(40) + "{}" + "]}}".repeat(40);
        DicomException tooDeep = assertThrows(DicomException.class, () -> read(deep));
        assertTrue(tooDeep.getMessage().contains("nesting"), tooDeep.getMessage());
        JsonReadOptions small = new JsonReadOptions(20, 96, BulkDataResolver.REJECT);
        DicomException tooLong = assertThrows(DicomException.class,
                () -> new DicomJsonReader(new StringReader("{\"00100010\":{\"vr\":\"LO\"}}"), small).read());
        assertTrue(tooLong.getMessage().contains("longer than 20"), tooLong.getMessage());
    }

    @Test
    void acceptsValueBeforeVrAndIgnoresUnknownMembers() throws IOException {
        Dataset dataset = read("{\"00081115\":{\"Value\":[{\"00081155\":{\"Value\":[\"1.2\"],\"vr\":\"UI\"}}],"
                + "\"extra\":{\"a\":[1,{}]},\"vr\":\"SQ\"}}");
        assertEquals("1.2\0", text(dataset.items(0x00081115).get(0), 0x00081155));
    }

    @Test
    void resolvesBulkDataUrisWithTheirAttributePath() throws IOException {
        List<String> asked = new ArrayList<>();
        JsonReadOptions options = JsonReadOptions.DEFAULTS.withBulkData((uri, path, vr) -> {
            asked.add(uri + " " + path + " " + vr);
            return new byte[] {9, 8};
        });
        Dataset dataset = new DicomJsonReader(new StringReader("{\"00660002\":{\"vr\":\"SQ\",\"Value\":[{},"
                + "{\"00660023\":{\"vr\":\"OF\",\"BulkDataURI\":\"u\"}}]}}"), options).read();
        assertEquals(List.of("u 00660002/1/00660023 OF"), asked);
        assertArrayEquals(new byte[] {9, 8}, dataset.items(0x00660002).get(1).bytes(0x00660023));
    }

    @Test
    void declaresUtf8WhenTextIsNotAscii() throws IOException {
        Dataset dataset = new DicomJsonReader(new ByteArrayInputStream(("{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 100\"]},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Müller\",\"Ideographic\":\"山田\"}]}}")
                .getBytes(StandardCharsets.UTF_8)), JsonReadOptions.DEFAULTS).read();
        assertEquals("ISO_IR 192", text(dataset, 0x00080005));
        assertEquals("Müller=山田", text(dataset, 0x00100010).trim());
    }

    @Test
    void readsArraysOfDatasets() throws IOException {
        List<Dataset> all = new DicomJsonReader(new StringReader(" [ {}, {\"00100020\":{\"vr\":\"LO\"}} ] "),
                JsonReadOptions.DEFAULTS).readAll();
        assertEquals(2, all.size());
        assertEquals(0, all.get(0).size());
        assertArrayEquals(new byte[0], all.get(1).bytes(0x00100020));
    }

    @Test
    void roundTripsEveryKindOfValue() throws IOException {
        Dataset item = of(0x00081155, Vr.UI, "1.2.840.10008.5.1.4.1.1.2\0");
        item.put(0x00081160, Vr.IS, new Value.Bytes("1 \\2 ".getBytes(StandardCharsets.US_ASCII)));
        Dataset original = of(0x00080008, Vr.CS, "ORIGINAL\\\\AXIAL ");
        original.putSequence(0x00081140, List.of(item, new Dataset()));
        original.putSequence(0x00081199, List.of());
        original.put(0x00100010, Vr.PN, new Value.Bytes("A^B==p\\\\C ".getBytes(StandardCharsets.US_ASCII)));
        original.put(0x00100020, Vr.LO, Value.Bytes.EMPTY);
        original.put(0x00180050, Vr.DS, new Value.Bytes("1.50\\abc".getBytes(StandardCharsets.US_ASCII)));
        original.put(0x00280010, Vr.US, new Value.Bytes(le(Vr.US, 512)));
        original.put(0x00209165, Vr.AT, new Value.Bytes(le(Vr.US, 0x0020, 0x9056)));
        original.put(0x00720082, Vr.SV, new Value.Bytes(le(Vr.SV, Long.MIN_VALUE, 1)));
        original.put(0x00189087, Vr.FL, new Value.Bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(0.1f).putFloat(Float.NaN).array()));
        original.put(0x00091001, Vr.UN, new Value.Bytes(new byte[] {1, 2, 3, 4}));
        original.put(0x7FE00010, Vr.OB, new Value.Fragments(List.of(new byte[0], new byte[] {1, 2}, new byte[] {3, 4})));

        String json = json(original);
        Dataset copy = read(json);
        assertEquals(json, json(copy));
        assertEquals(original.size(), copy.size());
        for (int i = 0; i < original.size(); i++) {
            assertEquals(original.tagAt(i), copy.tagAt(i));
            assertEquals(original.vrAt(i), copy.vrAt(i));
        }
        assertArrayEquals(original.bytes(0x00189087), copy.bytes(0x00189087));
        assertArrayEquals(original.bytes(0x00720082), copy.bytes(0x00720082));
        Value.Fragments fragments = assertInstanceOf(Value.Fragments.class, copy.get(0x7FE00010));
        assertEquals(3, fragments.fragments().size());
        assertArrayEquals(new byte[] {3, 4}, fragments.fragments().get(2));
    }
}
