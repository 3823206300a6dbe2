package io.tessera.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 store against a real S3 server (S3Proxy in CI, started by .ci/backends.sh): the same contract as
 * {@link FileBlobStoreTest}, plus multipart uploads of unknown length, ranges across part boundaries, a bucket created
 * when missing and presigned downloads. Skipped when TESSERA_TEST_S3_ENDPOINT is not set.
 */
class S3BlobStoreTest {
    private static final long PART = 5L * 1024 * 1024;
    private static S3BlobStore store;

    @BeforeAll
    static void openStoreOverAFreshBucket() throws IOException {
        String endpoint = System.getenv("TESSERA_TEST_S3_ENDPOINT");
        Assumptions.assumeTrue(endpoint != null && !endpoint.isBlank(),
                "S3BlobStoreTest skipped: TESSERA_TEST_S3_ENDPOINT is not set (`source .ci/backends.sh && start_backends`)");
        store = S3BlobStore.open(config(endpoint, "tessera-store-test-" + UUID.randomUUID().toString().substring(0, 8)));
        assertTrue(store.bucketReachable(), "the bucket is created when missing");
        S3BlobStore.open(config(endpoint, store.bucket())); // and opening again over an existing bucket is fine
    }

    @Test
    void putThenReadWholeAndRanges() throws IOException {
        byte[] content = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String key = ObjectKeys.newTemporaryKey();
        Instant before = Instant.now().minusSeconds(5);
        assertEquals(16, store.put(key, new ByteArrayInputStream(content)));
        assertEquals(16, store.size(key));
        assertNotNull(store.lastModified(key));
        assertTrue(store.lastModified(key).isAfter(before), store.lastModified(key).toString());
        try (InputStream in = store.get(key)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = store.getRange(key, 10, 4)) {
            assertArrayEquals(Arrays.copyOfRange(content, 10, 14), in.readAllBytes());
        }
        try (InputStream in = store.getRange(key, 3, 0)) {
            assertEquals(0, in.readAllBytes().length);
        }
        store.delete(key);
    }

    @Test
    void aLargeObjectOfUnknownLengthStreamsUpInPartsAndReadsBackInRanges() throws Exception {
        long length = 3 * PART + 12345; // four parts, the last one short
        String key = ObjectKeys.newTemporaryKey();
        assertEquals(length, store.put(key, new PatternStream(length)));
        assertEquals(length, store.size(key));
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream pattern = new PatternStream(length)) {
            expected.update(pattern.readAllBytes());
        }
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        try (InputStream in = store.get(key)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                actual.update(buffer, 0, n);
            }
        }
        assertArrayEquals(expected.digest(), actual.digest());
        long across = PART - 100; // a range across the first part boundary
        try (InputStream in = store.getRange(key, across, 200)) {
            byte[] range = in.readAllBytes();
            assertEquals(200, range.length);
            for (int i = 0; i < range.length; i++) {
                assertEquals(PatternStream.at(across + i), range[i], "byte " + (across + i));
            }
        }
        store.delete(key);
    }

    @Test
    void listFindsKeysUnderAPrefixAndDeleteRemoves() throws IOException {
        String temporary = ObjectKeys.newTemporaryKey();
        String instance = ObjectKeys.newInstanceKey();
        store.put(temporary, new ByteArrayInputStream(new byte[]{1}));
        store.put(instance, new ByteArrayInputStream(new byte[]{1, 2}));
        try (InputStream in = store.get(instance)) {
            assertArrayEquals(new byte[]{1, 2}, in.readAllBytes());
        }
        try (Stream<String> keys = store.list(instance.substring(0, instance.lastIndexOf('/') + 1))) {
            assertTrue(keys.toList().contains(instance));
        }
        try (Stream<String> keys = store.list(ObjectKeys.TEMPORARY_PREFIX)) {
            assertTrue(keys.anyMatch(temporary::equals));
        }
        store.delete(temporary);
        assertEquals(-1, store.size(temporary));
        assertNull(store.lastModified(temporary));
        store.delete(instance);
        store.delete(instance); // deleting what is gone is fine
        assertThrows(NoSuchFileException.class, () -> store.get(instance));
        assertEquals(-1, store.size(instance));
    }

    @Test
    void aFailedWriteLeavesNoObject() throws IOException {
        String key = ObjectKeys.newTemporaryKey();
        InputStream failing = new PatternStream(PART + 10) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position() > PART / 2) {
                    throw new IOException("client went away");
                }
                return super.read(buffer, offset, length);
            }
        };
        assertThrows(IOException.class, () -> store.put(key, failing));
        assertEquals(-1, store.size(key));
    }

    @Test
    void presignedUrlsDownloadWithoutCredentials() throws Exception {
        String key = ObjectKeys.newInstanceKey();
        byte[] content = "straight from the bucket".getBytes(StandardCharsets.US_ASCII);
        store.put(key, new ByteArrayInputStream(content));
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(store.presignedGetUrl(key)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertArrayEquals(content, response.body());
        store.delete(key);
    }

    @Test
    void refusesKeysObjectKeysWouldNeverMake() {
        for (String key : List.of("../escape", "tmp/../../x", "/absolute", "Upper/Case", "tmp//x", "")) {
            assertThrows(IllegalArgumentException.class, () -> store.size(key), key);
        }
    }

    private static S3Config config(String endpoint, String bucket) {
        return new S3Config() {
            public Optional<String> endpoint() {
                return Optional.of(endpoint);
            }

            public String bucket() {
                return bucket;
            }

            public Optional<String> accessKey() {
                return Optional.ofNullable(System.getenv("TESSERA_TEST_S3_ACCESS_KEY"));
            }

            public Optional<String> secretKey() {
                return Optional.ofNullable(System.getenv("TESSERA_TEST_S3_SECRET_KEY"));
            }

            public String region() {
                return "us-east-1";
            }

            public long partSize() {
                return PART;
            }

            public Duration presignedUrlExpiry() {
                return Duration.ofMinutes(5);
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration readTimeout() {
                return Duration.ofMinutes(1);
            }
        };
    }

    /** {@code length} bytes of a fixed pattern, made as they are read. */
    private static class PatternStream extends InputStream {
        private final long length;
        private long position;

        PatternStream(long length) {
            this.length = length;
        }

        static byte at(long position) {
            return (byte) (position * 31 + (position >>> 11));
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = at(position + i);
            }
            position += n;
            return n;
        }
    }
}
