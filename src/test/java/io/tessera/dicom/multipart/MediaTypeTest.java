package io.tessera.dicom.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {
    @Test
    void parsesQuotedTypeAndTokenBoundary() {
        MediaType type = MediaType.parse("multipart/related; type=\"application/dicom\"; boundary=abc");
        assertEquals("multipart/related", type.essence());
        assertEquals("application/dicom", type.parameter("type"));
        assertEquals("abc", type.parameter("boundary"));
    }

    @Test
    void parsesUnquotedSlashValueAndQuotedBoundaryWithoutSpaces() {
        MediaType type = MediaType.parse("multipart/related;type=application/dicom;boundary=\"----=_Part_1\"");
        assertEquals("application/dicom", type.parameter("type"));
        assertEquals("----=_Part_1", type.parameter("boundary"));
    }

    @Test
    void parsesBackslashQuotedValues() {
        MediaType type = MediaType.parse("multipart/related; type=\\\"application/dicom+json\\\"; boundary=x");
        assertEquals("application/dicom+json", type.parameter("type"));
        assertEquals("x", type.parameter("boundary"));
    }

    @Test
    void unescapesQuotedPairs() {
        MediaType type = MediaType.parse("text/plain; title=\"say \\\"hi\\\" \\\\ ; done\"");
        assertEquals("say \"hi\" \\ ; done", type.parameter("title"));
        assertEquals(type, MediaType.parse(type.toString()));
    }

    @Test
    void toleratesWhitespaceCaseAndEmptyParameters() {
        MediaType type = MediaType.parse(" \tMultipart / Related ;; Boundary = \"a b\" ;\tTYPE=application/dicom ; ");
        assertEquals("multipart", type.type());
        assertEquals("related", type.subtype());
        assertEquals("a b", type.parameter("boundary"));
        assertEquals("application/dicom", type.parameter("type"));
        assertEquals(List.of("Boundary", "TYPE"), List.copyOf(type.parameters().keySet()));
    }

    @Test
    void quotesOnlyValuesThatAreNotTokens() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("type", "application/dicom");
        parameters.put("transfer-syntax", "1.2.840.10008.1.2.1");
        parameters.put("boundary", "----=_Part_1");
        parameters.put("empty", "");
        MediaType type = new MediaType("multipart", "related", parameters);
        assertEquals("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1;"
                + " boundary=\"----=_Part_1\"; empty=\"\"", type.toString());
        assertEquals(type, MediaType.parse(type.toString()));
    }

    @Test
    void parameterNamesCompareIgnoringCase() {
        MediaType lower = MediaType.parse("a/b; boundary=x");
        MediaType upper = MediaType.parse("A/B; BOUNDARY=x");
        assertEquals(lower, upper);
        assertEquals(lower.hashCode(), upper.hashCode());
        assertEquals("x", upper.parameter("Boundary"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "multipart", "/related", "multipart/", "multipart/related; boundary",
            "multipart/related; boundary=", "multipart/related; boundary=\"abc", "multipart/related boundary=abc",
            "multipart/related; boundary=abc def", "multipart/related; b=1; B=2", "a b/c", "multipart/related; =x",
            "multipart/related; type=\\\"application/dicom", "multi(part)/related", "a/b; c=\"\u0001\""})
    void rejectsGarbageWithAClearMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaType.parse(text));
        assertTrue(e.getMessage().contains("media type"), e.getMessage());
    }

    @Test
    void rejectsHeaderInjectionInParameterValues() {
        assertThrows(IllegalArgumentException.class, () -> new MediaType("a", "b", Map.of("c", "x\r\nEvil: 1")));
    }

    @Test
    void boundaryOfChecksPresenceAndLength() {
        assertEquals("abc", MultipartRelatedReader.boundaryOf(MediaType.parse("multipart/related; boundary=abc")));
        // Orthanc 1.10's DICOMweb plugin sends 73 characters, beyond RFC 2046's 70: read leniently up to 256.
        String orthancStyle = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        assertEquals(orthancStyle, MultipartRelatedReader.boundaryOf(
                MediaType.parse("multipart/related; boundary=" + orthancStyle)));
        String longest = "b".repeat(256);
        assertEquals(longest, MultipartRelatedReader.boundaryOf(MediaType.parse("multipart/related; boundary=" + longest)));
        for (String bad : List.of("multipart/related", "multipart/related; boundary=\"\"",
                "multipart/related; boundary=" + "b".repeat(257), "multipart/related; boundary=\"ab \"",
                "application/dicom; boundary=abc")) {
            MediaType type = MediaType.parse(bad);
            assertThrows(IllegalArgumentException.class, () -> MultipartRelatedReader.boundaryOf(type), bad);
        }
    }
}
