import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.ReadOptions;
import io.tessera.dicom.json.DicomJsonWriter;
import io.tessera.dicom.json.JsonWriteOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Codec throughput on a corpus folder, in one JVM (as the server uses it): "header" reads each file up to
 * Pixel Data; "json" reads each whole file and writes its DICOM JSON with every value inline (as dcm2json and
 * pydicom's to_json_dict do), to a sink. Prints files per second of the best of several rounds.
 *
 * Run: java -cp target/classes bench/codec/CodecBench.java CORPUS_DIR header|json [rounds]
 */
public class CodecBench {
    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args[0]);
        String mode = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Path> files;
        try (Stream<Path> listing = Files.list(corpus)) {
            files = listing.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        double best = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long sink = 0;
            for (Path file : files) {
                sink += mode.equals("header") ? readHeader(file) : readAndWriteJson(file);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, files.size() / seconds);
            if (sink == 42) {
                System.out.println();
            }
        }
        System.out.printf("tessera %s: %.0f files/s (%d files, best of %d rounds)%n", mode, best, files.size(), rounds);
    }

    private static long readHeader(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            DicomFile dicom = new DicomReader(in, ReadOptions.DEFAULTS.withStopAtPixelData(true)).read();
            return dicom.dataset().size();
        }
    }

    private static long readAndWriteJson(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            DicomFile dicom = new DicomReader(in, ReadOptions.DEFAULTS).read();
            CountingSink sink = new CountingSink();
            try (DicomJsonWriter json = new DicomJsonWriter(sink, JsonWriteOptions.DEFAULTS)) {
                json.write(dicom.dataset());
            }
            return sink.count;
        }
    }

    /** Counts bytes and drops them, so that output cost is encoding only. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
