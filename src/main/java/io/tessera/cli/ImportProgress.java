package io.tessera.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar, redrawn in place: files done of all, megabytes sent, rate and outcomes so far. */
final class ImportProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int MAX_PROBLEMS_SHOWN = 5;

    private final PrintStream out;
    private final int files;
    private final long started = System.nanoTime();
    private final AtomicInteger stored = new AtomicInteger();
    private final AtomicInteger quarantined = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger problems = new AtomicInteger();
    private long lastDrawn;

    ImportProgress(PrintStream out, int files) {
        this.out = out;
        this.files = files;
    }

    /** A file an earlier run finished. */
    void skipped(FileOutcome outcome) {
        skipped.incrementAndGet();
        count(outcome);
    }

    void sent(FileOutcome outcome, long bytes) {
        bytesSent.addAndGet(bytes);
        count(outcome);
        draw(false);
    }

    /** A request that failed as a whole; the first few are printed above the bar. */
    synchronized void problem(String message) {
        if (problems.incrementAndGet() <= MAX_PROBLEMS_SHOWN) {
            out.println();
            out.println("request failed: " + message);
        }
    }

    ImportCommand.Report finish() {
        draw(true);
        out.println();
        return new ImportCommand.Report(stored.get(), quarantined.get(), failed.get(), skipped.get());
    }

    private void count(FileOutcome outcome) {
        (outcome == FileOutcome.STORED ? stored : outcome == FileOutcome.QUARANTINED ? quarantined : failed)
                .incrementAndGet();
    }

    private synchronized void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        int done = stored.get() + quarantined.get() + failed.get();
        int filled = files == 0 ? WIDTH : (int) ((long) WIDTH * done / files);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        int sentFiles = done - skipped.get();
        out.printf(Locale.ROOT, "\r[%s%s] %d/%d files  %.1f MB  %.1f files/s  stored %d  quarantined %d  failed %d ",
                "#".repeat(filled), "-".repeat(WIDTH - filled), done, files, bytesSent.get() / 1e6,
                sentFiles / seconds, stored.get(), quarantined.get(), failed.get());
        out.flush();
    }
}
