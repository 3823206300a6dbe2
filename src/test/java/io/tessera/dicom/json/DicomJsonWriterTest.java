package io.tessera.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DicomJsonWriterTest {

    static String json(Dataset dataset, JsonWriteOptions options) throws IOException {
        StringWriter out = new StringWriter();
        DicomJsonWriter writer = new DicomJsonWriter(out, options);
        writer.write(dataset);
        writer.flush();
        return out.toString();
    }

    static String json(Dataset dataset) throws IOException {
        return json(dataset, JsonWriteOptions.DEFAULTS);
    }

    static Dataset of(int tag, Vr vr, String text) {
        Dataset dataset = new Dataset();
        dataset.put(tag, vr, new Value.Bytes(text.getBytes(StandardCharsets.ISO_8859_1)));
        return dataset;
    }

    static Dataset of(int tag, Vr vr, byte[] bytes) {
        Dataset dataset = new Dataset();
        dataset.put(tag, vr, new Value.Bytes(bytes));
        return dataset;
    }

    static byte[] le(Vr vr, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * vr.bytesPerValue()).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (vr.bytesPerValue()) {
                case 2 -> buffer.putShort((short) v);
                case 4 -> buffer.putInt((int) v);
                default -> buffer.putLong(v);
            }
        }
        return buffer.array();
    }

    @Test
    void writesTextVrsAsStringArraysWithPaddingStrippedAndEmptyComponentsAsNull() throws IOException {
        assertEquals("{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"MR\"]}}", json(of(0x00080060, Vr.CS, "MR")));
        assertEquals("{\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]}}",
                json(of(0x00080008, Vr.CS, "ORIGINAL\\\\AXIAL ")));
        assertEquals("{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}", json(of(0x00080018, Vr.UI, "1.2.3\0")));
        assertEquals("{\"00324000\":{\"vr\":\"LT\",\"Value\":[\"a\\\\b \\\"c\\\"\\n\"]}}",
                json(of(0x00324000, Vr.LT, "a\\b \"c\"\n ")));
    }

    @Test
    void writesEmptyValuesWithVrOnly() throws IOException {
        assertEquals("{\"00100020\":{\"vr\":\"LO\"}}", json(of(0x00100020, Vr.LO, "")));
        assertEquals("{\"00100020\":{\"vr\":\"LO\"}}", json(of(0x00100020, Vr.LO, "  ")));
        assertEquals("{\"00280010\":{\"vr\":\"US\"}}", json(of(0x00280010, Vr.US, new byte[0])));
        assertEquals("{\"7FE00010\":{\"vr\":\"OW\"}}", json(of(0x7FE00010, Vr.OW, new byte[0])));
        Dataset emptySequence = new Dataset();
        emptySequence.putSequence(0x00081140, List.of());
        assertEquals("{\"00081140\":{\"vr\":\"SQ\"}}", json(emptySequence));
    }

    @Test
    void writesPersonNamesAsComponentGroupObjects() throws IOException {
        assertEquals("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"}]}}",
                json(of(0x00100010, Vr.PN, "Doe^John")));
        assertEquals("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\",\"Ideographic\":\"Y^T\","
                        + "\"Phonetic\":\"y^t\"}]}}",
                json(of(0x00100010, Vr.PN, "Yamada^Tarou=Y^T=y^t")));
        // Empty groups are left out, whether in the middle or trailing.
        assertEquals("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\",\"Phonetic\":\"p\"}]}}",
                json(of(0x00100010, Vr.PN, "A==p")));
        assertEquals("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Ideographic\":\"I\"}]}}",
                json(of(0x00100010, Vr.PN, "=I=")));
        assertEquals("{\"00081060\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\"},null,{\"Alphabetic\":\"B\"}]}}",
                json(of(0x00081060, Vr.PN, "A\\\\B ")));
    }

    @Test
    void writesIsAndDsAsNumbersUnlessInvalid() throws IOException {
        assertEquals("{\"00180050\":{\"vr\":\"DS\",\"Value\":[1.0,-2.5E3,0.5,1,7,1E+1]}}",
                json(of(0x00180050, Vr.DS, " 1.0\\-2.5E3\\.5\\+1\\007\\1.e1")));
        assertEquals("{\"00180050\":{\"vr\":\"DS\",\"Value\":[\"abc\",null,3]}}", json(of(0x00180050, Vr.DS, "abc\\\\3 ")));
        assertEquals("{\"00200013\":{\"vr\":\"IS\",\"Value\":[42,-7]}}", json(of(0x00200013, Vr.IS, "42\\-7")));
        assertEquals("{\"00200013\":{\"vr\":\"DS\",\"Value\":[\"NaN\"]}}", json(of(0x00200013, Vr.DS, "NaN ")));
    }

    @Test
    void writesBinaryIntegersAsNumbers() throws IOException {
        assertEquals("{\"00280010\":{\"vr\":\"US\",\"Value\":[512,65535]}}", json(of(0x00280010, Vr.US, le(Vr.US, 512, 65535))));
        assertEquals("{\"00281041\":{\"vr\":\"SS\",\"Value\":[-1,32767]}}", json(of(0x00281041, Vr.SS, le(Vr.SS, -1, 32767))));
        assertEquals("{\"00081161\":{\"vr\":\"UL\",\"Value\":[4294967295]}}", json(of(0x00081161, Vr.UL, le(Vr.UL, -1))));
        assertEquals("{\"00186020\":{\"vr\":\"SL\",\"Value\":[-2147483648]}}",
                json(of(0x00186020, Vr.SL, le(Vr.SL, Integer.MIN_VALUE))));
        // 64-bit values are written exactly, beyond 2^53 too.
        assertEquals("{\"00720082\":{\"vr\":\"SV\",\"Value\":[-9223372036854775808,9007199254740993]}}",
                json(of(0x00720082, Vr.SV, le(Vr.SV, Long.MIN_VALUE, 9007199254740993L))));
        assertEquals("{\"00720083\":{\"vr\":\"UV\",\"Value\":[18446744073709551615]}}",
                json(of(0x00720083, Vr.UV, le(Vr.UV, -1L))));
    }

    @Test
    void writesFloatsAsNumbersAndNonFiniteAsStrings() throws IOException {
        ByteBuffer fl = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(Float.NaN)
                .putFloat(Float.NEGATIVE_INFINITY);
        assertEquals("{\"00189087\":{\"vr\":\"FL\",\"Value\":[0.1,\"NaN\",\"-Infinity\"]}}",
                json(of(0x00189087, Vr.FL, fl.array())));
        ByteBuffer fd = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e-300).putDouble(-2);
        assertEquals("{\"00189087\":{\"vr\":\"FD\",\"Value\":[1.0E-300,-2.0]}}", json(of(0x00189087, Vr.FD, fd.array())));
    }

    @Test
    void writesAttributeTagsAsHexStrings() throws IOException {
        assertEquals("{\"00209165\":{\"vr\":\"AT\",\"Value\":[\"00209056\",\"7FE00010\"]}}",
                json(of(0x00209165, Vr.AT, le(Vr.US, 0x0020, 0x9056, 0x7FE0, 0x0010))));
    }

    @Test
    void writesKeysInAscendingOrderAndLeavesOutGroupLengthsByDefault() throws IOException {
        Dataset dataset = of(0x00100010, Vr.PN, "A");
        dataset.put(0x00100000, Vr.UL, new Value.Bytes(le(Vr.UL, 8)));
        dataset.put(0x00090010, Vr.LO, new Value.Bytes("CREATOR ".getBytes(StandardCharsets.US_ASCII)));
        dataset.put(0x00091001, Vr.UN, new Value.Bytes(new byte[] {1, 2}));
        assertEquals("{\"00090010\":{\"vr\":\"LO\",\"Value\":[\"CREATOR\"]},\"00091001\":{\"vr\":\"UN\","
                + "\"InlineBinary\":\"AQI=\"},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\"}]}}", json(dataset));
        assertEquals("{\"00090010\":{\"vr\":\"LO\",\"Value\":[\"CREATOR\"]},\"00091001\":{\"vr\":\"UN\",\"InlineBinary\":\"AQI=\"},"
                        + "\"00100000\":{\"vr\":\"UL\",\"Value\":[8]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\"}]}}",
                json(dataset, new JsonWriteOptions(Integer.MAX_VALUE, null, true)));
    }

    @Test
    void writesNestedSequencesAndEmptyItems() throws IOException {
        Dataset inner = of(0x00081155, Vr.UI, "1.2");
        Dataset middle = new Dataset();
        middle.putSequence(0x00081199, List.of(inner, new Dataset()));
        Dataset top = new Dataset();
        top.putSequence(0x00081115, List.of(middle));
        assertEquals("{\"00081115\":{\"vr\":\"SQ\",\"Value\":[{\"00081199\":{\"vr\":\"SQ\",\"Value\":["
                + "{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}},{}]}}]}}", json(top));
    }

    @Test
    void inlinesBinaryUpToTheThresholdAndAsksTheBuilderAbove() throws IOException {
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Dataset item = of(0x00660023, Vr.OF, big);
        item.put(0x00660024, Vr.OB, new Value.Bytes(new byte[] {1, 2, 3, 4}));
        Dataset top = new Dataset();
        top.putSequence(0x00660002, List.of(new Dataset(), item));
        top.put(0x7FE00010, Vr.OW, new Value.Bytes(big));

        List<String> paths = new ArrayList<>();
        JsonWriteOptions options = JsonWriteOptions.withBulkData(4, path -> {
            paths.add(path.toString());
            return path.tag() == 0x7FE00010 ? "https://host/bulk/" + path : null;
        });
        Object tree = JsonTree.parse(json(top, options));
        assertEquals(List.of("00660002/1/00660023", "7FE00010"), paths);
        assertEquals("https://host/bulk/7FE00010", attribute(tree, "7FE00010").get("BulkDataURI"));
        // The builder returned null for the surface: written inline, in chunks that decode to the same bytes.
        Map<?, ?> surface = attribute(((List<?>) attribute(tree, "00660002").get("Value")).get(1), "00660023");
        assertEquals(List.of("vr", "InlineBinary"), List.copyOf(surface.keySet()));
        assertEquals(ByteBuffer.wrap(big), ByteBuffer.wrap(Base64.getDecoder().decode((String) surface.get("InlineBinary"))));
        assertEquals("AQIDBA==", attribute(((List<?>) attribute(tree, "00660002").get("Value")).get(1), "00660024")
                .get("InlineBinary"));
    }

    @Test
    void sendsValuesLeftInTheSourceToBulkDataUrisOrLeavesThemOut() throws IOException {
        Dataset dataset = new Dataset();
        dataset.put(0x7FE00010, Vr.OB, new Value.BulkData(1234, -1));
        assertEquals("{\"7FE00010\":{\"vr\":\"OB\"}}", json(dataset));
        assertEquals("{\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\"bulk/7FE00010\"}}",
                json(dataset, JsonWriteOptions.withBulkData(Integer.MAX_VALUE, path -> "bulk/" + path)));
    }

    @Test
    void inlinesEncapsulatedPixelDataAsItsItemEncodingWithoutABuilder() throws IOException {
        Dataset dataset = new Dataset();
        dataset.put(0x7FE00010, Vr.OB, new Value.Fragments(List.of(new byte[0], new byte[] {(byte) 0xFF, (byte) 0xD8})));
        byte[] expected = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0,
                (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 2, 0, 0, 0, (byte) 0xFF, (byte) 0xD8};
        assertEquals("{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"" + Base64.getEncoder().encodeToString(expected) + "\"}}",
                json(dataset));
        assertEquals("{\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\"frames\"}}",
                json(dataset, JsonWriteOptions.withBulkData(Integer.MAX_VALUE, path -> "frames")));
    }

    @Test
    void writesArraysOfDatasetsToAnOutputStreamInUtf8() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DicomJsonWriter writer = new DicomJsonWriter(bytes, JsonWriteOptions.DEFAULTS)) {
            writer.writeArrayStart();
            writer.write(of(0x00100010, Vr.PN, "Müller"));
            writer.write(new Dataset());
            writer.writeArrayEnd();
            assertThrows(IllegalStateException.class, () -> writer.write(new Dataset()));
        }
        assertEquals("[{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Müller\"}]}},{}]",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesAnUnSequenceAsSq() throws IOException {
        Dataset dataset = new Dataset();
        dataset.put(0x00091010, Vr.UN, new Value.Sequence(new ArrayList<>(List.of(new Dataset()))));
        assertEquals("{\"00091010\":{\"vr\":\"SQ\",\"Value\":[{}]}}", json(dataset));
    }

    static Map<?, ?> attribute(Object dataset, String tag) {
        return (Map<?, ?>) ((Map<?, ?>) dataset).get(tag);
    }
}
