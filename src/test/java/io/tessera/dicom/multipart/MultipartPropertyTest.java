package io.tessera.dicom.multipart;

import static io.tessera.dicom.multipart.MultipartTestSupport.ascii;
import static io.tessera.dicom.multipart.MultipartTestSupport.containsDelimiterLine;
import static io.tessera.dicom.multipart.MultipartTestSupport.oneByteAtATime;
import static io.tessera.dicom.multipart.MultipartTestSupport.readAll;
import static io.tessera.dicom.multipart.MultipartTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MultipartPropertyTest {
    /** The bchars of RFC 2046 5.1.1; a space may not end a boundary. */
    private static final String BOUNDARY_CHARS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

    record Case(String boundary, List<byte[]> contents, int readSize, boolean oneByteSource) {
    }

    @Property(tries = 500)
    void randomPartsRoundTripExactly(@ForAll("cases") Case testCase) throws IOException {
        byte[] body = write(testCase.boundary(), testCase.contents());
        InputStream source = new ByteArrayInputStream(body);
        List<byte[]> read = readAll(testCase.oneByteSource() ? oneByteAtATime(source) : source,
                testCase.boundary(), testCase.readSize());
        assertEquals(testCase.contents().size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            assertArrayEquals(testCase.contents().get(i), read.get(i), "part " + i);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> boundaries = Arbitraries.strings().withChars(BOUNDARY_CHARS).ofMinLength(1).ofMaxLength(70)
                .filter(boundary -> !boundary.endsWith(" "));
        return boundaries.flatMap(boundary -> Combinators.combine(
                contents(boundary).list().ofMaxSize(8),
                Arbitraries.integers().between(1, 70_000),
                Arbitraries.of(true, false)).as((contents, readSize, oneByte) ->
                new Case(boundary, contents, readSize, oneByte)));
    }

    /** Contents built from fragments that come close to a delimiter, without a whole delimiter line. */
    private static Arbitrary<byte[]> contents(String boundary) {
        Arbitrary<byte[]> fragment = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                Arbitraries.of(ascii("\r"), ascii("\n"), ascii("-"), ascii("--"), ascii("\r\n"), ascii(" "),
                        ascii("\r\n--"), ascii(boundary), ascii("--" + boundary), ascii("\r\n--" + boundary)),
                Arbitraries.integers().between(0, boundary.length())
                        .map(length -> ascii("\r\n--" + boundary.substring(0, length))));
        return fragment.list().ofMaxSize(30).map(MultipartPropertyTest::concatenate)
                .filter(contents -> !containsDelimiterLine(contents, boundary));
    }

    private static byte[] concatenate(List<byte[]> fragments) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        fragments.forEach(joined::writeBytes);
        return joined.toByteArray();
    }
}
