package io.tessera.storage;

import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Part of /q/health/ready: the S3 bucket answers (the filesystem store is always up once the server started). */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {
    private final BlobStore store;

    ObjectStoreReadiness(BlobStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("object store");
        if (!(ClientProxy.unwrap(store) instanceof S3BlobStore s3)) {
            return response.up().withData("kind", "filesystem").build();
        }
        response.withData("kind", "s3").withData("bucket", s3.bucket());
        try {
            return (s3.bucketReachable() ? response.up() : response.down().withData("error", "bucket missing")).build();
        } catch (IOException | RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
