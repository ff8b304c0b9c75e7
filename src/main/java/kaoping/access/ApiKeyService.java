package kaoping.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.api.model.ApiKeyCreated;
import kaoping.api.model.ApiKeyInput;
import kaoping.api.model.Role;
import kaoping.org.PersonEntity;
import kaoping.org.UnitService;
import kaoping.web.ApiProblem;

@ApplicationScoped
public class ApiKeyService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final UnitService units;

    public ApiKeyService(UnitService units) {
        this.units = units;
    }

    @Transactional
    public ApiKeyCreated create(ApiKeyInput input) {
        boolean unitBound = input.getRoles().contains(Role.UNIT_COORDINATOR) || input.getRoles().contains(Role.RESPONSIBLE);
        if (unitBound && input.getUnitId() == null) {
            throw ApiProblem.unprocessable("unitId", "UNIT_COORDINATOR and RESPONSIBLE keys act for one unit: name it");
        }
        if (input.getUnitId() != null) {
            units.requireEvaluatedUnit(input.getUnitId(), "unitId");
        }
        if (input.getRoles().contains(Role.ASSESSOR) && input.getPersonId() == null) {
            throw ApiProblem.unprocessable("personId", "an ASSESSOR key acts as one person, whose entries are theirs: name them");
        }
        if (input.getPersonId() != null && PersonEntity.findById(input.getPersonId()) == null) {
            throw ApiProblem.unprocessable("personId", "no person " + input.getPersonId());
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
        return key.substring(0, Math.min(8, key.length()));
    }

    /** Stores a key of the caller's choosing (the bootstrap key); the value itself is only hashed. */
    @Transactional
    public ApiKeyEntity store(String name, String key, List<String> roles, UUID unitId) {
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = UUID.randomUUID();
        entity.name = name;
        entity.prefix = prefix(key);
        entity.keyHash = hash(key);
        entity.roles = String.join(",", roles);
        entity.unitId = unitId;
        entity.createdAt = OffsetDateTime.now();
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
        entity.revokedAt = OffsetDateTime.now();
    }

    /** The active key with this value, if any. A plain read: no transaction to begin and commit per request. */
    @ActivateRequestContext
    public Optional<ApiKeyEntity> authenticate(String key) {
        return ApiKeyEntity.find("keyHash = ?1 and revokedAt is null", hash(key)).firstResultOptional();
    }

    @Transactional
    public boolean none() {
        return ApiKeyEntity.count() == 0;
    }

    static List<String> roles(ApiKeyEntity entity) {
        return List.of(entity.roles.split(","));
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
