package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;


/** Compares data sets element by element, recursively: text decoded, binary modulo the writer's even padding. */
final class DatasetAssert {
    private DatasetAssert() {
    }

    static void assertSameContent(Dataset expected, Dataset actual, String path) {
        List<Integer> expectedTags = comparedTags(expected);
        assertEquals(hex(expectedTags), hex(comparedTags(actual)), path + ": tags");
        for (int tag : expectedTags) {
            String where = path + Tag.toString(tag);
            Vr vr = expected.vrOf(tag);
            assertEquals(vr, actual.vrOf(tag), where + ": VR");
            Value want = expected.get(tag);
            Value got = actual.get(tag);
            if (want instanceof Value.Sequence sequence) {
                List<Dataset> gotItems = ((Value.Sequence) got).items();
                assertEquals(sequence.items().size(), gotItems.size(), where + ": items");
                for (int i = 0; i < gotItems.size(); i++) {
                    assertSameContent(sequence.items().get(i), gotItems.get(i), where + "[" + i + "]");
                }
            } else if (want instanceof Value.Fragments fragments) {
                List<byte[]> gotFragments = ((Value.Fragments) got).fragments();
                assertEquals(fragments.fragments().size(), gotFragments.size(), where + ": fragments");
                for (int i = 0; i < gotFragments.size(); i++) {
                    assertArrayEquals(padded(fragments.fragments().get(i), (byte) 0), gotFragments.get(i), where);
                }
            } else if (want instanceof Value.Bytes bytes && vr.isText()) {
                assertEquals(expected.strings(tag), actual.strings(tag), where);
            } else if (want instanceof Value.Bytes bytes) {
                assertArrayEquals(padded(bytes.bytes(), vr.padding()), ((Value.Bytes) got).bytes(), where);
            } else {
                assertEquals(want, got, where);
            }
        }
    }

    private static List<Integer> comparedTags(Dataset dataset) {
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            if (!Tag.isGroupLength(dataset.tagAt(i))) {
                tags.add(dataset.tagAt(i));
            }
        }
        return tags;
    }

    private static List<String> hex(List<Integer> tags) {
        return tags.stream().map(Tag::toString).toList();
    }

    private static byte[] padded(byte[] bytes, byte padding) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = padding;
        return out;
    }

}
