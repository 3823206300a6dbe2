package io.tessera.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Bulk import for data providers: sends a folder tree of DICOM files to a running Tessera through STOW-RS, into one
 * collection, so every file takes the same pipeline (de-identification, quarantine) as any upload. Files go in
 * batches, several requests at once; a journal remembers what was stored, so a restarted run sends only the rest.
 * Needs no server classes beyond the codec: {@code java -cp <tessera jar> io.tessera.cli.ImportCommand ...}.
 * Exit status 0 when every file is stored or quarantined, 1 when some failed, 2 on a usage error.
 */
public final class ImportCommand {
    private static final String USAGE = """
            usage: ImportCommand --server URL --collection SLUG [--token TOKEN] [--threads N] [--batch N]
                                 [--journal FILE] [--limit N] FOLDER
              --token    admin token (default: environment variable TESSERA_ADMIN_TOKEN)
              --threads  requests at once (default 4)
              --batch    files per request (default 20)
              --journal  where finished files are remembered (default ~/.tessera/import/<hash>.journal)
              --limit    send at most N files in this run, then stop (the rest on the next run)""";

    /** Files at the end of a run, earlier runs' included; {@code skipped} counts those finished before. */
    public record Report(int stored, int quarantined, int failed, int skipped) {
    }

    /** What to import where. */
    public record Options(URI server, String collection, String token, Path folder, Path journal, int threads,
                          int batch, long limit) {
    }

    private final Options options;
    private final PrintStream console;

    public ImportCommand(Options options, PrintStream console) {
        this.options = options;
        this.console = console;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Report report = new ImportCommand(options, System.err).run();
        System.exit(report.failed() > 0 ? 1 : 0);
    }

    static Options parse(String[] args) {
        String server = null;
        String collection = null;
        String token = System.getenv("TESSERA_ADMIN_TOKEN");
        String journal = null;
        String folder = null;
        int threads = 4;
        int batch = 20;
        long limit = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (folder != null) {
                    throw new IllegalArgumentException("one folder only: " + arg);
                }
                folder = arg;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--server" -> server = value;
                case "--collection" -> collection = value;
                case "--token" -> token = value;
                case "--journal" -> journal = value;
                case "--threads" -> threads = positive(arg, value);
                case "--batch" -> batch = positive(arg, value);
                case "--limit" -> limit = positive(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (server == null || collection == null || folder == null) {
            throw new IllegalArgumentException("--server, --collection and a folder are required");
        }
        URI base = URI.create(server.endsWith("/") ? server : server + "/");
        Path root = Path.of(folder).toAbsolutePath().normalize();
        Path journalFile = journal != null ? Path.of(journal) : defaultJournal(base, collection, root);
        return new Options(base, collection, token, root, journalFile, threads, batch, limit);
    }

    /** Sends what earlier runs did not store; returns the totals and prints them. */
    public Report run() throws IOException, InterruptedException {
        List<Path> files = dicomFiles();
        ImportProgress progress = new ImportProgress(console, files.size());
        try (ImportJournal journal = new ImportJournal(options.journal())) {
            List<Path> toSend = new ArrayList<>();
            for (Path file : files) {
                FileOutcome earlier = journal.doneBefore(entryOf(file));
                if (earlier != null) {
                    progress.skipped(earlier);
                } else if (toSend.size() < options.limit()) {
                    toSend.add(file);
                }
            }
            new BatchSender(new StowClient(options.server(), options.collection(), options.token()),
                    journal, progress, this::entryOf).sendAll(toSend, options.batch(), options.threads());
        }
        Report report = progress.finish();
        console.printf(Locale.ROOT, "%d files: %d stored, %d quarantined (held for review of burned-in text), "
                        + "%d failed; %d were done by an earlier run%n", files.size(), report.stored(),
                report.quarantined(), report.failed(), report.skipped());
        return report;
    }

    /** Every regular file under the folder, in a stable order, except DICOMDIR indexes and the journal itself. */
    private List<Path> dicomFiles() throws IOException {
        Path journal = options.journal().toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(options.folder())) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equalsIgnoreCase("DICOMDIR"))
                    .filter(file -> !file.toAbsolutePath().normalize().equals(journal))
                    .sorted()
                    .toList();
        }
    }

    private ImportJournal.Entry entryOf(Path file) throws IOException {
        return new ImportJournal.Entry(options.folder().relativize(file).toString(), Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
    }

    private static Path defaultJournal(URI server, String collection, Path folder) {
        String identity = server + "\n" + collection + "\n" + folder;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("user.home"), ".tessera", "import",
                    HexFormat.of().formatHex(hash, 0, 8) + ".journal");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not " + value);
    }

    /** Files to send, in batches on a pool of threads; a batch that is not wholly stored is resent file by file. */
    private record BatchSender(StowClient client, ImportJournal journal, ImportProgress progress, Identity identity) {
        private static final int ATTEMPTS = 3;

        interface Identity {
            ImportJournal.Entry of(Path file) throws IOException;
        }

        void sendAll(List<Path> files, int batchSize, int threads) throws IOException, InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> batches = new ArrayList<>();
                for (int from = 0; from < files.size(); from += batchSize) {
                    List<Path> batch = files.subList(from, Math.min(files.size(), from + batchSize));
                    batches.add(pool.submit(() -> {
                        send(batch);
                        return null;
                    }));
                }
                for (Future<?> batch : batches) {
                    batch.get();
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private void send(List<Path> batch) throws IOException, InterruptedException {
            StowClient.Counts counts = attempt(batch);
            if (counts != null && counts.stored() == batch.size()) {
                for (Path file : batch) {
                    finished(file, FileOutcome.STORED);
                }
                return;
            }
            for (Path file : batch) {
                StowClient.Counts single = batch.size() == 1 ? counts : attempt(List.of(file));
                finished(file, single == null || single.failed() > 0 ? FileOutcome.FAILED
                        : single.quarantined() > 0 ? FileOutcome.QUARANTINED : FileOutcome.STORED);
            }
        }

        /** The request's counts, or null when it failed as a whole (after retries of transport failures). */
        private StowClient.Counts attempt(List<Path> files) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return client.send(files);
                } catch (IOException e) {
                    if (attempt == ATTEMPTS) {
                        progress.problem(e.getMessage());
                        return null;
                    }
                    Thread.sleep(500L * attempt);
                }
            }
        }

        private void finished(Path file, FileOutcome outcome) throws IOException {
            journal.record(identity.of(file), outcome);
            progress.sent(outcome, Files.size(file));
        }
    }
}
