package io.tessera.security;

import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.security.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates, lists, revokes and recognizes API tokens. A secret is 256 random bits, returned once at creation and kept
 * only as its SHA-256, so a leaked database holds no usable token; recognition is one lookup by that hash.
 */
@ApplicationScoped
public class ApiTokens {
    /** Lets a secret be recognized as Tessera's in logs and by secret scanners. */
    private static final String SECRET_PREFIX = "tsr_";
    private static final int MAX_NAME_LENGTH = 128;
    private static final int MAX_GRANTS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A grant as the API shows it: the collection by slug. */
    public record GrantView(String collection, String permission) {
    }

    /** A token as listed: never its secret. */
    public record TokenView(long id, String name, List<GrantView> grants, OffsetDateTime createdAt,
                            OffsetDateTime expiresAt, OffsetDateTime revokedAt, boolean active) {
    }

    /** The answer to a creation: the token's view and its secret, which is not shown again. */
    public record CreatedToken(String token, TokenView details) {
    }

    /** What an admin asks for; {@code expiresAt} is optional. */
    public record TokenRequest(String name, List<GrantView> grants, OffsetDateTime expiresAt) {
    }

    private final AuditLog audit;

    ApiTokens(AuditLog audit) {
        this.audit = audit;
    }

    /** The active (neither expired nor revoked) token whose secret this is. */
    @Transactional
    public Optional<ApiTokenEntity> findActive(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return Optional.empty();
        }
        Optional<ApiTokenEntity> token = ApiTokenEntity.find("secretSha256", Sha256.hexOf(secret)).firstResultOptional();
        token.ifPresent(found -> found.grants.size()); // loaded now: the caller reads grants after this transaction
        return token.filter(found -> found.isActive(OffsetDateTime.now()));
    }

    @Transactional
    public CreatedToken create(TokenRequest request) {
        if (request == null) {
            throw badRequest("Send a JSON body: {\"name\", \"grants\": [{\"collection\", \"permission\"}], \"expiresAt\"}");
        }
        ApiTokenEntity token = new ApiTokenEntity();
        token.name = validName(request.name());
        token.grants = grants(request.grants());
        token.createdAt = OffsetDateTime.now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(token.createdAt)) {
            throw badRequest("expiresAt is in the past");
        }
        token.expiresAt = request.expiresAt();
        String secret = SECRET_PREFIX + randomSecret();
        token.secretSha256 = Sha256.hexOf(secret);
        token.persist();
        TokenView view = view(token, slugs());
        audit.record("token.create", "token:" + token.id + ":" + token.name, AuditLog.OK, view.grants().toString());
        return new CreatedToken(secret, view);
    }

    @Transactional
    public List<TokenView> list() {
        Map<Long, String> slugs = slugs();
        return ApiTokenEntity.<ApiTokenEntity>listAll().stream()
                .sorted((a, b) -> Long.compare(a.id, b.id))
                .map(token -> view(token, slugs))
                .toList();
    }

    /** Revokes the token; revoking twice is harmless. 404 when no token has this id. */
    @Transactional
    public TokenView revoke(long id) {
        ApiTokenEntity token = ApiTokenEntity.findById(id);
        if (token == null) {
            throw new DicomWebException(Status.NOT_FOUND, "No such token: " + id);
        }
        if (token.revokedAt == null) {
            token.revokedAt = OffsetDateTime.now();
        }
        audit.record("token.revoke", "token:" + token.id + ":" + token.name, AuditLog.OK, null);
        return view(token, slugs());
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw badRequest("name is required: 1 to " + MAX_NAME_LENGTH + " printable characters");
        }
        return name.strip();
    }

    private static Set<ApiTokenEntity.Grant> grants(List<GrantView> requested) {
        if (requested == null) {
            return new HashSet<>();
        }
        if (requested.size() > MAX_GRANTS) {
            throw badRequest("at most " + MAX_GRANTS + " grants per token");
        }
        Map<String, Long> ids = CollectionEntity.<CollectionEntity>listAll().stream()
                .collect(Collectors.toMap(c -> c.slug, c -> c.id));
        Set<ApiTokenEntity.Grant> grants = new HashSet<>();
        for (GrantView grant : requested) {
            if (grant == null || grant.collection() == null || !ids.containsKey(grant.collection())) {
                throw badRequest("grant on an unknown collection: " + (grant == null ? null : grant.collection()));
            }
            grants.add(new ApiTokenEntity.Grant(ids.get(grant.collection()), permission(grant.permission())));
        }
        return grants;
    }

    private static Permission permission(String name) {
        try {
            return Permission.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badRequest("permission must be READ or UPLOAD, not " + name);
        }
    }

    private static TokenView view(ApiTokenEntity token, Map<Long, String> slugs) {
        List<GrantView> grants = token.grants.stream()
                .map(grant -> new GrantView(slugs.get(grant.collectionId()), grant.permission().name()))
                .sorted(Comparator.comparing(GrantView::collection).thenComparing(GrantView::permission))
                .toList();
        return new TokenView(token.id, token.name, grants, token.createdAt, token.expiresAt, token.revokedAt,
                token.isActive(OffsetDateTime.now()));
    }

    private static Map<Long, String> slugs() {
        return CollectionEntity.<CollectionEntity>listAll().stream()
                .collect(Collectors.toMap(c -> c.id, c -> c.slug, (a, b) -> a));
    }

    private static String randomSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static DicomWebException badRequest(String message) {
        return new DicomWebException(Status.BAD_REQUEST, message);
    }
}
