package io.tessera.dicom.json;

import static io.tessera.dicom.json.OracleSupport.PYDICOM_DATA;
import static io.tessera.dicom.json.OracleSupport.explain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tessera.dicom.json.OracleSupport.Explained;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares our DICOM JSON with dcmtk's {@code dcm2json} (which writes every binary value inline) for the DICOM
 * files of pydicom's test data, by meaning, with its own list of explained differences. Files dcm2json cannot
 * convert (3.6.7 refuses compressed pixel data inline) are not compared and are counted in the summary.
 */
class DcmtkJsonConformanceTest {
    /** The same files the pydicom oracle script leaves out: documentation and other formats. */
    private static final List<String> NOT_DICOM = List.of(".py", ".pyc", ".txt", ".md", ".json", ".dump", ".gz");

    private static final String UTF_8_REASON = "dcm2json converts text to UTF-8 and rewrites Specific Character Set "
            + "to ISO_IR 192; we keep the value as encoded (JSON text is Unicode either way, and the element records "
            + "what the source used)";
    private static final String EMPTY_PN_REASON = "the value is \"^^^^\" (all components empty): dcm2json drops the "
            + "empty components and with them the value, we keep the value as encoded, as pydicom does";

    private static final List<Explained> EXPLAINED = Stream.of(
            explain(UTF_8_REASON, "\"ISO_IR 192\" expected, got",
                    List.of("charset_files/chrArab.dcm", "charset_files/chrFren.dcm", "charset_files/chrFrenMulti.dcm",
                            "charset_files/chrGerm.dcm", "charset_files/chrGreek.dcm", "charset_files/chrHbrw.dcm",
                            "charset_files/chrRuss.dcm", "charset_files/chrX2.dcm", "palettes/pet20step.dcm",
                            "palettes/spring.dcm", "palettes/summer.dcm", "test_files/CT_small.dcm",
                            "test_files/ExplVR_BigEndNoMeta.dcm", "test_files/ExplVR_LitEndNoMeta.dcm",
                            "test_files/dicomdirtests/77654033/CR1/6154", "test_files/dicomdirtests/77654033/CR2/6247",
                            "test_files/dicomdirtests/77654033/CR3/6278", "test_files/dicomdirtests/77654033/CT2/17106",
                            "test_files/dicomdirtests/77654033/CT2/17136", "test_files/dicomdirtests/77654033/CT2/17166",
                            "test_files/dicomdirtests/77654033/CT2/17196", "test_files/dicomdirtests/98892001/CT2N/6293",
                            "test_files/dicomdirtests/98892001/CT2N/6924", "test_files/dicomdirtests/98892001/CT5N/2062",
                            "test_files/dicomdirtests/98892001/CT5N/2392", "test_files/dicomdirtests/98892001/CT5N/2693",
                            "test_files/dicomdirtests/98892001/CT5N/3023", "test_files/dicomdirtests/98892001/CT5N/3353",
                            "test_files/dicomdirtests/98892003/MR1/15820", "test_files/dicomdirtests/98892003/MR1/4919",
                            "test_files/dicomdirtests/98892003/MR1/5641", "test_files/dicomdirtests/98892003/MR2/15970",
                            "test_files/dicomdirtests/98892003/MR2/4950", "test_files/dicomdirtests/98892003/MR2/4981",
                            "test_files/dicomdirtests/98892003/MR2/5011", "test_files/dicomdirtests/98892003/MR2/6273",
                            "test_files/dicomdirtests/98892003/MR2/6605", "test_files/dicomdirtests/98892003/MR2/6935",
                            "test_files/dicomdirtests/98892003/MR700/4467", "test_files/dicomdirtests/98892003/MR700/4528",
                            "test_files/dicomdirtests/98892003/MR700/4558", "test_files/dicomdirtests/98892003/MR700/4588",
                            "test_files/dicomdirtests/98892003/MR700/4618", "test_files/dicomdirtests/98892003/MR700/4648",
                            "test_files/dicomdirtests/98892003/MR700/4678", "test_files/reportsi.dcm",
                            "test_files/reportsi_with_empty_number_tags.dcm", "test_files/rtstruct.dcm",
                            "test_files/test-SR.dcm", "test_files/waveform_ecg.dcm"), "00080005"),
            explain(UTF_8_REASON, "[ISO_IR 192] vs [null, ISO 2022 IR 149]",
                    List.of("charset_files/chrI2.dcm", "charset_files/chrKoreanMulti.dcm"), "00080005"),
            explain(UTF_8_REASON + " (here the source value is empty)", "members [vr, Value] expected, got [vr]",
                    List.of("test_files/empty_charset_LEI.dcm"), "00080005"),
            explain(EMPTY_PN_REASON, "members [vr] expected, got [vr, Value]",
                    List.of("charset_files/chrArab.dcm", "charset_files/chrFren.dcm", "charset_files/chrFrenMulti.dcm",
                            "charset_files/chrGerm.dcm", "charset_files/chrGreek.dcm", "charset_files/chrHbrw.dcm",
                            "charset_files/chrI2.dcm", "charset_files/chrRuss.dcm", "charset_files/chrX1.dcm",
                            "charset_files/chrX2.dcm", "test_files/image_dfl.dcm"), "00080090"),
            explain(EMPTY_PN_REASON, "members [vr] expected, got [vr, Value]",
                    List.of("test_files/image_dfl.dcm"), "00100010"),
            explain("the private value has an odd length (9), invalid in DICOM; dcm2json pads it to 10 bytes, we keep "
                            + "the bytes as read, as pydicom does", "10 bytes expected, got 9",
                    List.of("test_files/meta_missing_tsyntax.dcm", "test_files/nested_priv_SQ.dcm"),
                    "00010001/0/00010002"),
            explain("dcm2json 3.6.7 cannot convert this ISO 2022 text and writes the raw bytes, so its output is not "
                            + "UTF-8 (not valid JSON text)", "MalformedInputException",
                    List.of("charset_files/chrSQEncoding.dcm"), "-")
    ).flatMap(List::stream).toList();

    @TempDir
    Path outDir;

    @Test
    void ourJsonMatchesDcm2jsonExceptForExplainedDifferences() throws IOException, InterruptedException {
        Optional<Path> dcm2json = onPath("dcm2json");
        assumeTrue(dcm2json.isPresent(), "skipped: dcm2json is not on the PATH");
        assumeTrue(Files.isDirectory(PYDICOM_DATA), "skipped: no pydicom test data at " + PYDICOM_DATA);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PYDICOM_DATA)) {
            files = walk.filter(Files::isRegularFile).filter(DcmtkJsonConformanceTest::mayBeDicom).sorted().toList();
        }
        Map<String, Path> documents = new LinkedHashMap<>();
        List<String> notConverted = new ArrayList<>();
        for (Path file : files) {
            String name = PYDICOM_DATA.relativize(file).toString();
            Path json = outDir.resolve(documents.size() + ".json");
            Process process = new ProcessBuilder(dcm2json.get().toString(), "-q", "-fc", file.toString(), json.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            if (process.exitValue() == 0 && Files.size(json) > 0) {
                documents.put(name, json);
            } else {
                notConverted.add(name);
            }
        }
        List<String> unexplained = new ArrayList<>();
        List<Explained> unused = new ArrayList<>();
        String summary = OracleSupport.compareAll("dcm2json", documents, EXPLAINED, unexplained, unused)
                + "; " + notConverted.size() + " files dcm2json could not convert";
        System.out.println(summary);
        unexplained.forEach(d -> System.out.println("UNEXPLAINED " + d));
        assertEquals(List.of(), unexplained, summary);
        assertEquals(List.of(), unused, "explanations that match no difference any more");
    }

    private static boolean mayBeDicom(Path file) {
        String name = file.getFileName().toString();
        return !name.equals("README") && NOT_DICOM.stream().noneMatch(name::endsWith)
                && !file.toString().contains("__pycache__");
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }
}
