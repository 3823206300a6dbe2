package io.tessera.security;

import io.quarkus.runtime.Startup;
import io.tessera.config.TesseraConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The bearer token for writes and administration: {@code tessera.admin-token} when set, otherwise one made on first
 * start and kept in {@code <data-dir>/admin-token} (owner-only), whose path is logged, never the token itself.
 * Resolved at start so that the log line appears before the first request.
 */
@Startup
@ApplicationScoped
public class AdminToken {
    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    static final String FILE_NAME = "admin-token";

    private final TesseraConfig config;
    private byte[] tokenDigest;

    AdminToken(TesseraConfig config) {
        this.config = config;
    }

    @PostConstruct
    void resolve() {
        String configured = config.adminToken().map(String::strip).orElse("");
        try {
            tokenDigest = Sha256.of(configured.isEmpty() ? fromFile(config.dataDir().resolve(FILE_NAME)) : configured);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file", e);
        }
    }

    /** Whether {@code presented} is the token, in time independent of where they differ (both are hashed first). */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(tokenDigest, Sha256.of(presented));
    }

    private static String fromFile(Path file) throws IOException {
        if (Files.exists(file)) {
            LOG.infof("Admin token (TESSERA_ADMIN_TOKEN unset) read from %s", file.toAbsolutePath());
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException anotherReplicaWasFaster) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
        LOG.infof("Generated an admin token (TESSERA_ADMIN_TOKEN unset); it is in %s", file.toAbsolutePath());
        return token;
    }
}
