package io.tessera.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static io.tessera.dicom.json.OracleSupport.explain;

import io.tessera.dicom.json.OracleSupport.Explained;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares our DICOM JSON with pydicom's ({@code Dataset.to_json_dict}, everything inline) for every DICOM file
 * in pydicom's test data, by meaning. Every difference must be explained below, file by file, as pydicom's error
 * or an allowed representation difference; the test fails on any other, and on explanations that no longer match.
 */
class PydicomJsonConformanceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/resources/oracle/pydicom_json.py");

    private static final List<Explained> EXPLAINED = Stream.of(
            explain("PS3.18 F.2.5: an empty value among several is null; pydicom 2.3 writes an empty string",
                    "\"\" expected, got null",
                    List.of("charset_files/chrH31.dcm", "charset_files/chrI2.dcm", "charset_files/chrJapMulti.dcm",
                            "charset_files/chrKoreanMulti.dcm"), "00080005"),
            explain("PS3.18 F.2.5: an attribute of zero length has no \"Value\"; pydicom 2.3 writes an empty array "
                            + "for a sequence without items", "members [vr, Value] expected, got [vr]",
                    List.of("test_files/reportsi.dcm", "test_files/reportsi_with_empty_number_tags.dcm"),
                    "00081111", "0040A372"),
            explain("(same: empty sequence)", "members [vr, Value] expected, got [vr]",
                    List.of("test_files/test-SR.dcm"), "00081111", "0040A073/1/0040A088", "0040A372"),
            explain("(same: empty sequence)", "members [vr, Value] expected, got [vr]",
                    List.of("test_files/dicomdirtests/DICOMDIR-empty.dcm"), "00041220"),
            explain("pydicom strips padding only at the end of the whole value, so a CS component keeps a trailing "
                            + "space; CS spaces are not significant (PS3.5 6.2) and JSON values carry no padding",
                    "\"DERIVED \" expected, got \"DERIVED\"",
                    List.of("test_files/693_J2KI.dcm", "test_files/SC_rgb_gdcm_KY.dcm",
                            "test_files/SC_rgb_jpeg_lossy_gdcm.dcm"), "00080008"),
            explain("pydicom inlines the OW/OF value of an Explicit VR Big Endian file in big-endian order; we always "
                            + "inline little-endian, the byte order of every DICOMweb transfer syntax, so the JSON "
                            + "does not depend on the source encoding", "equal after swapping byte order",
                    List.of("test_files/MR_small_bigendian.dcm", "test_files/MR_small_expb.dcm",
                            "test_files/rtdose_expb.dcm", "test_files/rtdose_expb_1frame.dcm"), "7FE00010"),
            explain("the file encodes these AGFA private elements as UN; pydicom re-types them from its private "
                            + "dictionary, our reader keeps the VR as encoded (both allowed, PS3.5 6.2.2)", "got UN",
                    List.of("charset_files/chrJapMulti.dcm", "charset_files/chrJapMultiExplicitIR6.dcm",
                            "charset_files/chrKoreanMulti.dcm"),
                    "00191010", "00191013", "00191015", "00191060", "00191062", "00191065", "00191070", "00191082",
                    "00191093"),
            explain("the file encodes its private creators as UN; pydicom re-types them LO (PS3.5 7.8.1), our reader "
                            + "keeps the VR as encoded", "LO expected, got UN",
                    List.of("test_files/J2K_pixelrep_mismatch.dcm"), "00090010", "00090011", "00190010"),
            explain("the file encodes public elements as UN; pydicom replaces UN by the dictionary VR "
                            + "(replace_un_with_known_vr), our reader keeps the VR as encoded", "got UN",
                    List.of("test_files/rtdose_rle.dcm", "test_files/rtdose_rle_1frame.dcm"),
                    "00080012", "00080013", "00080016", "00080018", "00080020", "00080030", "00080050", "00080060",
                    "00080070", "00080090", "00081010", "00081090", "00100010", "00100020", "00100030", "00100040",
                    "00180050", "00181020", "0020000D", "0020000E", "00200010", "00200011", "00200013", "00200032",
                    "00200037", "00200052", "00201040", "00280009", "00280030", "30040002", "30040004", "3004000A",
                    "3004000C", "3004000E", "300C0002"),
            explain("truncated file: our reader rejects a value that runs past the end of the stream, pydicom "
                            + "(force=True) returns what it got", "our side failed",
                    List.of("test_files/MR_truncated.dcm", "test_files/rtplan_truncated.dcm"), "-"),
            explain("not decodable: pydicom's guess finds a single garbage element (0820,0500) running past the end "
                            + "of the file; dcmdump fails likewise", "our side failed",
                    List.of("test_files/no_meta.dcm"), "-")
    ).flatMap(List::stream).toList();

    @TempDir
    static Path oracleDir;
    private static String skipReason;

    @BeforeAll
    static void runPydicom() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            skipReason = PYTHON + " not found";
            return;
        }
        Process python = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), oracleDir.toString())
                .redirectError(oracleDir.resolve("stderr.txt").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!python.waitFor(10, TimeUnit.MINUTES)) {
            python.destroyForcibly();
            throw new IllegalStateException("pydicom oracle timed out");
        }
        if (python.exitValue() == 3) {
            skipReason = "pydicom is not installed for " + PYTHON;
        } else if (python.exitValue() != 0) {
            throw new IllegalStateException("pydicom oracle failed: " + Files.readString(oracleDir.resolve("stderr.txt")));
        }
    }

    @Test
    void ourJsonMatchesPydicomExceptForExplainedDifferences() throws IOException {
        assumeTrue(skipReason == null, () -> "skipped: " + skipReason);
        Map<String, Path> documents = new LinkedHashMap<>();
        for (String line : Files.readAllLines(oracleDir.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            String[] columns = line.split("\t");
            documents.put(columns[1], oracleDir.resolve(columns[0]));
        }
        List<String> unexplained = new ArrayList<>();
        List<Explained> unused = new ArrayList<>();
        String summary = OracleSupport.compareAll("pydicom", documents, EXPLAINED, unexplained, unused);
        System.out.println(summary);
        unexplained.forEach(d -> System.out.println("UNEXPLAINED " + d));
        assertEquals(List.of(), unexplained, summary);
        assertEquals(List.of(), unused, "explanations that match no difference any more");
    }
}
