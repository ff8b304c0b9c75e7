package kaoping.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.api.model.ApiKeyCreated;
import kaoping.api.model.ApiKeyInput;
import kaoping.api.model.Role;
import kaoping.org.PersonEntity;
import kaoping.org.PersonMoved;
import kaoping.org.UnitService;
import kaoping.web.ApiProblem;

@ApplicationScoped
public class ApiKeyService {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How a row's key_hash was made: HMAC-SHA256 with the {@link KeySecret} of the key's SHA-256. */
    static final String HMAC = "HMAC_SHA256";
    /** Rows hashed before the key secret held plain SHA-256(key); the start rehashes them (see {@link #rehashLegacy}). */
    static final String LEGACY = "SHA256";
    /** Characters of a key kept and shown to tell keys apart: "kp_" and 4 random ones, 24 of the 256 random bits. */
    static final int PREFIX_LENGTH = 7;
    private final UnitService units;
    private final KeySecret secret;
    private final Clock clock;
    private final KeyCache keyCache;

    public ApiKeyService(UnitService units, KeySecret secret, Clock clock, KeyCache keyCache) {
        this.keyCache = keyCache;
        this.units = units;
        this.secret = secret;
        this.clock = clock;
    }

    @Transactional
    public ApiKeyCreated create(ApiKeyInput input) {
        boolean unitBound = input.getRoles().contains(Role.UNIT_COORDINATOR) || input.getRoles().contains(Role.RESPONSIBLE);
        if (unitBound && input.getUnitId() == null) {
            throw ApiProblem.unprocessable("unitId", "UNIT_COORDINATOR and RESPONSIBLE keys act for one unit: name it");
        }
        if (input.getUnitId() != null) {
            units.requireOrganisation(input.getUnitId(), "unitId");
        }
        if (input.getRoles().contains(Role.ASSESSOR) && input.getPersonId() == null) {
            throw ApiProblem.unprocessable("personId", "an ASSESSOR key acts as one person, whose entries are theirs: name them");
        }
        if (input.getRoles().contains(Role.RESPONSIBLE) && input.getPersonId() == null) {
            throw ApiProblem.unprocessable("personId", "a RESPONSIBLE key acts as one person of its unit, who answers "
                    + "for the targets they are named for: name them");
        }
        if (input.getPersonId() != null) {
            PersonEntity person = PersonEntity.findById(input.getPersonId());
            if (person == null) {
                throw ApiProblem.unprocessable("personId", "no person " + input.getPersonId());
            }
            if (input.getUnitId() != null && !input.getUnitId().equals(person.unitId)) {
                throw ApiProblem.unprocessable("personId", "a key's person belongs to its unit; this one belongs to unit "
                        + person.unitId);
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "kp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyEntity entity = store(input.getName(), key, input.getRoles().stream().map(Role::toString).toList(),
                input.getUnitId());
        entity.personId = input.getPersonId();
        return ApiKeyMapper.created(entity, key);
    }

    /** The first characters of a key: listed with it, so its holder can tell it, and never enough to use it. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    /** Stores a key of the caller's choosing (the bootstrap key); the value itself is only hashed. */
    @Transactional
    public ApiKeyEntity store(String name, String key, List<String> roles, UUID unitId) {
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = UUID.randomUUID();
        entity.name = name;
        entity.prefix = prefix(key);
        entity.keyHash = hash(key);
        entity.hashScheme = HMAC;
        entity.roles = String.join(",", roles);
        entity.unitId = unitId;
        entity.createdAt = OffsetDateTime.now(clock);
        entity.persist();
        return entity;
    }

    public List<ApiKeyEntity> list(Boolean revoked, Page page) {
        return query(revoked).page(page).list();
    }

    public long count(Boolean revoked) {
        return query(revoked).count();
    }

    private io.quarkus.hibernate.orm.panache.PanacheQuery<ApiKeyEntity> query(Boolean revoked) {
        Sort newestFirst = Sort.descending("createdAt").and("id");
        if (revoked == null) {
            return ApiKeyEntity.findAll(newestFirst);
        }
        return ApiKeyEntity.find(revoked ? "revokedAt is not null" : "revokedAt is null", newestFirst);
    }

    public ApiKeyEntity get(UUID id) {
        return ApiKeyEntity.<ApiKeyEntity>findByIdOptional(id).orElseThrow(() -> ApiProblem.notFound("API key", id));
    }

    @Transactional
    public void revoke(UUID id) {
        ApiKeyEntity entity = get(id);
        if (entity.revokedAt != null) {
            return;
        }
        if (roles(entity).contains(Roles.ADMIN)
                && ApiKeyEntity.count("revokedAt is null and roles like ?1 and id <> ?2", "%" + Roles.ADMIN + "%", id) == 0) {
            throw ApiProblem.conflict("This is the last active ADMIN key; create another one before revoking it.");
        }
        entity.revokedAt = OffsetDateTime.now(clock);
        keyCache.forgetAfterCommit();
    }

    /**
     * A person moved to another unit: their keys for the old unit are revoked in the same transaction, so that a
     * key's person always belongs to its unit (as {@link #create} requires).
     */
    void revokeOnMove(@Observes PersonMoved moved) {
        ApiKeyEntity.update("revokedAt = ?1 where personId = ?2 and unitId = ?3 and revokedAt is null",
                OffsetDateTime.now(clock), moved.personId(), moved.fromUnitId());
        keyCache.forgetAfterCommit();
    }

    /** The active key with this value, if any. A plain read: no transaction to begin and commit per request. */
    @ActivateRequestContext
    public Optional<ApiKeyEntity> authenticate(String key) {
        return ApiKeyEntity.find("keyHash = ?1 and revokedAt is null", hash(key)).firstResultOptional();
    }

    /** Whether an active key has this prefix: a plain read of what is not secret, to let its holder past a throttle. */
    @ActivateRequestContext
    public boolean activePrefix(String prefix) {
        return ApiKeyEntity.count("prefix = ?1 and revokedAt is null", prefix) > 0;
    }

    @Transactional
    public boolean none() {
        return ApiKeyEntity.count() == 0;
    }

    static List<String> roles(ApiKeyEntity entity) {
        return List.of(entity.roles.split(","));
    }

    /**
     * Rows stored before the key secret hold SHA-256(key); as the key itself is known to nobody here, they become
     * HMAC(secret, SHA-256(key)), which is what {@link #hash} computes for a presented key. Idempotent, so replicas
     * starting together do no harm.
     */
    @Transactional
    public int rehashLegacy() {
        List<ApiKeyEntity> legacy = ApiKeyEntity.list("hashScheme", LEGACY);
        for (ApiKeyEntity entity : legacy) {
            entity.keyHash = HexFormat.of().formatHex(secret.mac(HexFormat.of().parseHex(entity.keyHash)));
            entity.hashScheme = HMAC;
        }
        return legacy.size();
    }

    String hash(String key) {
        try {
            return HexFormat.of().formatHex(secret.mac(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
