package io.tessera.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Objects in one bucket of S3-compatible storage, through the MinIO Java SDK. Writes stream: an object of unknown
 * length goes up as a multipart upload, one part in memory at a time, so a 2 GB instance needs no 2 GB of heap.
 * An object appears whole or not at all (S3 makes a finished upload visible at once), so ingest writes straight to
 * an instance's final key: S3 has no rename, and a move would be a copy.
 */
public final class S3BlobStore implements BlobStore {
    private static final Pattern KEY = Pattern.compile("[a-z0-9._-]+(/[a-z0-9._-]+)*");
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NotFound", "NoSuchObject");

    private final MinioClient client;
    private final String bucket;
    private final long partSize;
    private final Duration presignedUrlExpiry;
    private final String endpoint;

    S3BlobStore(MinioClient client, String endpoint, String bucket, long partSize, Duration presignedUrlExpiry) {
        this.client = client;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.partSize = Math.max(MIN_PART_SIZE, partSize);
        this.presignedUrlExpiry = presignedUrlExpiry;
    }

    /** A store over the configured bucket, creating the bucket when it is missing. */
    public static S3BlobStore open(S3Config config) throws IOException {
        String endpoint = config.endpoint().orElseThrow(() -> new IllegalArgumentException("no S3 endpoint"));
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(true)
                .build();
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint).region(config.region()).httpClient(http);
        if (config.accessKey().isPresent() || config.secretKey().isPresent()) {
            builder.credentials(config.accessKey().orElse(""), config.secretKey().orElse(""));
        }
        S3BlobStore store = new S3BlobStore(builder.build(), endpoint, config.bucket(), config.partSize(),
                config.presignedUrlExpiry());
        store.createBucketIfMissing();
        return store;
    }

    /** Creates the bucket unless it exists; two replicas starting at once may both try, and both succeed. */
    void createBucketIfMissing() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? null : e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw failure("cannot create bucket " + bucket, e);
            }
        } catch (MinioException e) {
            throw failure("cannot create bucket " + bucket, e);
        }
    }

    /** Whether the bucket answers; the readiness check asks this. */
    public boolean bucketReachable() throws IOException {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException e) {
            throw failure("bucket " + bucket + " unreachable", e);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public long put(String key, InputStream content) throws IOException {
        checkKey(key);
        CountingStream counted = new CountingStream(content);
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(counted, -1L, partSize)
                    .parallelUploads(1)
                    .contentType("application/octet-stream")
                    .build());
            return counted.count;
        } catch (MinioException e) {
            throw failure("cannot write " + key, e);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        checkKey(key);
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException e) {
            throw failure(key, e);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        checkKey(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length);
        }
        if (length == 0) {
            if (size(key) < 0) {
                throw new NoSuchFileException(key);
            }
            return new ByteArrayInputStream(new byte[0]);
        }
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                    .offset(offset).length(length).build());
        } catch (MinioException e) {
            throw failure(key, e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        StatObjectResponse stat = stat(key);
        return stat == null ? -1 : stat.size();
    }

    @Override
    public Instant lastModified(String key) throws IOException {
        StatObjectResponse stat = stat(key);
        return stat == null || stat.lastModified() == null ? null : stat.lastModified().toInstant();
    }

    private StatObjectResponse stat(String key) throws IOException {
        checkKey(key);
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException e) {
            if (isAbsent(e)) {
                return null;
            }
            throw failure(key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        checkKey(key);
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException e) {
            if (!isAbsent(e)) {
                throw failure("cannot delete " + key, e);
            }
        }
    }

    @Override
    public Stream<String> list(String prefix) {
        Iterator<Result<Item>> results = client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix(prefix).recursive(true).build()).iterator();
        Iterator<String> keys = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return results.hasNext();
            }

            @Override
            public String next() {
                try {
                    return results.next().get().objectName();
                } catch (MinioException e) {
                    throw new UncheckedIOException(failure("cannot list " + prefix, e));
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(keys, Spliterator.ORDERED | Spliterator.NONNULL),
                false).filter(key -> !key.endsWith("/"));
    }

    /**
     * A URL that downloads the object straight from the object store, without credentials, for
     * {@link S3Config#presignedUrlExpiry()}; lets manifests send bulk downloads past the servers.
     */
    public URI presignedGetUrl(String key) throws IOException {
        checkKey(key);
        try {
            return URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET).bucket(bucket).object(key)
                    .expiry((int) Math.min(presignedUrlExpiry.toSeconds(), 7L * 24 * 3600), TimeUnit.SECONDS)
                    .build()));
        } catch (MinioException e) {
            throw failure("cannot presign " + key, e);
        }
    }

    private static boolean isAbsent(MinioException e) {
        return e instanceof ErrorResponseException error && error.errorResponse() != null
                && ABSENT.contains(error.errorResponse().code());
    }

    /** MinIO's checked exception as the IOException the store promises: NoSuchFileException when absent. */
    private static IOException failure(String what, MinioException e) {
        if (isAbsent(e)) {
            NoSuchFileException absent = new NoSuchFileException(what);
            absent.initCause(e);
            return absent;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException interrupted) {
                return interrupted;
            }
            if (cause instanceof IOException io && cause.getCause() == null) {
                return new IOException(what + ": " + io.getMessage(), e);
            }
        }
        return new IOException(what + ": " + e, e);
    }

    private static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
    }

    /** Counts what the SDK reads, which is what was stored. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
