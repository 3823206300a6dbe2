package io.tessera.storage;

import io.quarkus.runtime.Startup;
import io.tessera.config.TesseraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Chooses the object store: S3-compatible storage when {@code TESSERA_S3_ENDPOINT} (tessera.s3.endpoint) is set,
 * else the filesystem under the data folder.
 */
@ApplicationScoped
public class BlobStoreProducer {
    private static final Logger LOG = Logger.getLogger(BlobStoreProducer.class);

    /** Made at start, so that a wrong endpoint or credentials stop the server at once, and the bucket exists. */
    @Produces
    @ApplicationScoped
    @Startup
    BlobStore blobStore(TesseraConfig config, S3Config s3) {
        try {
            if (s3.endpoint().filter(endpoint -> !endpoint.isBlank()).isPresent()) {
                S3BlobStore store = S3BlobStore.open(s3);
                LOG.infof("Object store: bucket %s at %s", store.bucket(), store.endpoint());
                return store;
            }
            FileBlobStore store = new FileBlobStore(config.dataDir().resolve("objects"));
            LOG.infof("Object store: files under %s, written %s", config.dataDir().resolve("objects"),
                    store.writesDirect() ? "with direct I/O" : "through the page cache");
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the object store", e);
        }
    }
}
