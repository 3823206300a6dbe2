package io.tessera.storage;

import io.tessera.config.TesseraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Chooses the object store: the filesystem under the data folder (S3-compatible storage is to come). */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(TesseraConfig config) {
        try {
            return new FileBlobStore(config.dataDir().resolve("objects"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store folder", e);
        }
    }
}
