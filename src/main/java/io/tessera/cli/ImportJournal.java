package io.tessera.cli;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * What earlier runs of an import stored, so a restarted run skips those files. One tab-separated line per file:
 * outcome, size, last-modified milliseconds, path relative to the imported folder. A file counts as done only while
 * its size and modification time are unchanged. Lines are appended and flushed as results arrive; a torn last line
 * from a killed run is ignored.
 */
final class ImportJournal implements Closeable {
    /** One file as the journal identifies it. */
    record Entry(String path, long size, long modifiedMillis) {
    }

    private final Map<Entry, FileOutcome> done = new HashMap<>();
    private final BufferedWriter writer;

    ImportJournal(Path file) throws IOException {
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", 4);
                if (fields.length == 4 && isOutcome(fields[0]) && fields[1].matches("[0-9]+")
                        && fields[2].matches("-?[0-9]+")) {
                    done.put(new Entry(fields[3], Long.parseLong(fields[1]), Long.parseLong(fields[2])),
                            FileOutcome.valueOf(fields[0]));
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (Files.size(file) > 0) {
            writer.newLine(); // ends a line a killed run may have left unfinished
        }
    }

    /** The outcome an earlier run recorded for this very file, or null. */
    synchronized FileOutcome doneBefore(Entry entry) {
        return done.get(entry);
    }

    /** Records a stored or quarantined file; failures are not recorded, so they are tried again. */
    synchronized void record(Entry entry, FileOutcome outcome) throws IOException {
        if (outcome == FileOutcome.FAILED) {
            return;
        }
        writer.write(outcome.name() + "\t" + entry.size() + "\t" + entry.modifiedMillis() + "\t" + entry.path());
        writer.newLine();
        writer.flush();
        done.put(entry, outcome);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }

    private static boolean isOutcome(String field) {
        return field.equals(FileOutcome.STORED.name()) || field.equals(FileOutcome.QUARANTINED.name());
    }
}
