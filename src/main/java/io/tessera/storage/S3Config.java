package io.tessera.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * S3-compatible object storage (MinIO, AWS S3, Ceph RGW, S3Proxy), used instead of the filesystem store when an
 * endpoint is set. Environment variables: TESSERA_S3_ENDPOINT, TESSERA_S3_BUCKET, TESSERA_S3_ACCESS_KEY,
 * TESSERA_S3_SECRET_KEY, TESSERA_S3_REGION, TESSERA_S3_PART_SIZE.
 */
@ConfigMapping(prefix = "tessera.s3")
public interface S3Config {

    /** e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com}; unset: the filesystem store. */
    Optional<String> endpoint();

    /** Created at start when missing. */
    @WithDefault("tessera")
    String bucket();

    Optional<String> accessKey();

    Optional<String> secretKey();

    /** Set, so that the client never has to ask the server where the bucket lives. */
    @WithDefault("us-east-1")
    String region();

    /**
     * Part size of multipart uploads: objects of unknown size are sent a part at a time, each part held in memory
     * while it is sent (at least 5 MiB, S3's minimum; 10,000 parts of 16 MiB allow objects of 160 GiB).
     */
    @WithDefault("16777216")
    long partSize();

    /** How long a presigned download URL stays valid (manifests may hand them out; see docs/object-storage.md). */
    @WithDefault("PT12H")
    Duration presignedUrlExpiry();

    /** Connect timeout of the HTTP client; reads and writes time out after {@link #readTimeout()}. */
    @WithDefault("PT10S")
    Duration connectTimeout();

    @WithDefault("PT5M")
    Duration readTimeout();
}
