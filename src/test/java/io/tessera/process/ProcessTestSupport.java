package io.tessera.process;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Folders, streams and small helpers shared by the process tests. */
final class ProcessTestSupport {
    private ProcessTestSupport() {
    }

    /** The Maven output folder: test.build.dir (set by failsafe), else tessera.build.dir, else "target". */
    static String buildDir() {
        String dir = System.getProperty("test.build.dir");
        return dir != null && !dir.isBlank() ? dir : System.getProperty("tessera.build.dir", "target");
    }

    /** A fresh folder under {@code <build dir>/process-it/} (kept for inspection when a test fails). */
    static Path workDir(String name) throws IOException {
        Path root = Path.of(buildDir(), "process-it").toAbsolutePath();
        Files.createDirectories(root);
        return Files.createTempDirectory(root, name + "-");
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regular files under a folder, relative and with '/' separators; empty when the folder is absent. */
    static List<String> filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> folder.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(SyntheticInstance.sha256Digest().digest(bytes));
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Passes bytes through while hashing them (SHA-256) and counting them. */
    static final class DigestingStream extends FilterInputStream {
        private final MessageDigest digest = SyntheticInstance.sha256Digest();
        private long count;

        DigestingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)]);
        }

        long count() {
            return count;
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** Limits the rate at which a stream is read, so that a request body is "slow". */
    static final class ThrottledStream extends FilterInputStream {
        private final long bytesPerSecond;
        private final long started = System.nanoTime();
        private long count;

        ThrottledStream(InputStream in, long bytesPerSecond) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, Math.min(length, 64 * 1024));
            if (n > 0) {
                count += n;
                long due = started + count * 1_000_000_000L / bytesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("throttled read interrupted");
                    }
                }
            }
            return n;
        }
    }

    /**
     * Stops handing out bytes at a given position until released: lets a test freeze a request body in the middle of
     * an instance, do something to the server (kill it), then let the client go on (and fail).
     */
    static final class PausingStream extends FilterInputStream {
        private final long pauseAt;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private long position;

        PausingStream(InputStream in, long pauseAt) {
            super(in);
            this.pauseAt = pauseAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= pauseAt) {
                reached.countDown();
                try {
                    if (!released.await(5, TimeUnit.MINUTES)) {
                        throw new IOException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                // Once released, the body ends here: the server is gone anyway.
                throw new IOException("request body abandoned after the server was killed");
            }
            int n = in.read(buffer, offset, (int) Math.min(length, pauseAt - position));
            if (n > 0) {
                position += n;
            }
            return n;
        }

        boolean awaitReached(long seconds) throws InterruptedException {
            return reached.await(seconds, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }
    }
}
