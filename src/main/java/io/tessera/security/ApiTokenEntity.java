package io.tessera.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

/** An API token: a name, the SHA-256 of its secret, its grants, and when it expires or was revoked. */
@Entity
@Table(name = "api_token")
public class ApiTokenEntity extends PanacheEntityBase {

    /** One permission on one collection. */
    @Embeddable
    public record Grant(@Column(name = "collection_id", nullable = false) Long collectionId,
                        @Enumerated(EnumType.STRING) @Column(nullable = false) Permission permission) {
    }

    @Id
    @SequenceGenerator(name = "api_token_seq", sequenceName = "api_token_seq", allocationSize = 50)
    @GeneratedValue(generator = "api_token_seq")
    public Long id;

    @Column(nullable = false)
    public String name;

    @Column(name = "secret_sha256", nullable = false, unique = true)
    public String secretSha256;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "api_token_grant", joinColumns = @JoinColumn(name = "token_id"))
    public Set<Grant> grants = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    public boolean isActive(OffsetDateTime now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
