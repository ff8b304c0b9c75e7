package kaoping.access;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import kaoping.org.PersonEntity;
import kaoping.web.ApiProblem;

/**
 * Who is calling: an API key or a token subject, with roles and, for unit-bound roles, the unit. Services ask it
 * instead of reading the security identity, so keys and tokens are treated alike.
 */
@RequestScoped
public class Caller {
    /** Identity attribute that an API key's unit travels in. */
    public static final String UNIT_ATTRIBUTE = "kaoping.unitId";
    /** Identity attribute that an API key's person travels in. */
    public static final String PERSON_ATTRIBUTE = "kaoping.personId";
    /** Identity attribute that an API key's name travels in, the name records show for a key of no person. */
    public static final String KEY_NAME_ATTRIBUTE = "kaoping.keyName";

    private final SecurityIdentity identity;
    private final String unitClaim;
    /** Whether the calling assessor assesses a plan, by plan id, for this request. */
    private final Map<UUID, Boolean> assessed = new HashMap<>();
    /** Who the records of this request name, looked up once. */
    private Actor actor;

    public Caller(SecurityIdentity identity, @ConfigProperty(name = "kaoping.jwt.unit-claim") String unitClaim) {
        this.identity = identity;
        this.unitClaim = unitClaim;
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public Optional<UUID> unitId() {
        Object unit = identity.getAttribute(UNIT_ATTRIBUTE);
        if (unit == null && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.containsClaim(unitClaim)) {
            unit = jwt.getClaim(unitClaim).toString();
        }
        try {
            return Optional.ofNullable(unit == null ? null : UUID.fromString(unit.toString()));
        } catch (IllegalArgumentException notUuid) {
            return Optional.empty();
        }
    }

    /** The person acting: an API key's person, or the person whose externalId is the token's subject. */
    public Optional<UUID> personId() {
        Object person = identity.getAttribute(PERSON_ATTRIBUTE);
        if (person != null) {
            return Optional.of(UUID.fromString(person.toString()));
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return PersonEntity.<PersonEntity>find("externalId", jwt.getSubject()).firstResultOptional().map(p -> p.id);
        }
        return Optional.empty();
    }

    /** Whether the caller came with a token of the identity provider rather than an API key. */
    public boolean hasToken() {
        return identity.getPrincipal() instanceof JsonWebToken;
    }

    /** The roles the caller has. */
    public Set<String> roles() {
        return identity.getRoles();
    }

    /** Who did it, for the record: the key or the token subject. */
    public String name() {
        return identity.getPrincipal().getName();
    }

    /**
     * Who did it, for the records this request writes: the credential, and the person it acts as with their name now,
     * else the key's name, else the token's subject.
     */
    public Actor actor() {
        if (actor == null) {
            Optional<PersonEntity> person = personId().flatMap(id -> PersonEntity.<PersonEntity>findByIdOptional(id));
            Object key = identity.getAttribute(KEY_NAME_ATTRIBUTE);
            actor = new Actor(name(), person.map(p -> p.id).orElse(null),
                    person.map(p -> p.name).orElse(key != null ? key.toString() : name()));
        }
        return actor;
    }

    /** ADMIN and EVALUATOR work across units and see every plan. */
    public boolean seesAllPlans() {
        return has(Roles.ADMIN) || has(Roles.EVALUATOR);
    }

    /** The unit whose plans a UNIT_COORDINATOR or RESPONSIBLE caller sees; none for other roles. */
    public Optional<UUID> ownUnit() {
        return has(Roles.UNIT_COORDINATOR) || has(Roles.RESPONSIBLE) ? unitId() : Optional.empty();
    }

    /**
     * The unit whose directory (departments, people) a caller is confined to: their own for the unit's users
     * (UNIT_COORDINATOR, RESPONSIBLE); none for the roles that work across units (ADMIN, EVALUATOR, ASSESSOR).
     */
    public Optional<UUID> directoryUnit() {
        if (seesAllPlans() || has(Roles.ASSESSOR)) {
            return Optional.empty();
        }
        return Optional.of(unitId().orElse(new UUID(0, 0))); // no unit: confined to nothing
    }

    /** The person whose assigned plans an ASSESSOR caller sees; none for other roles. */
    public Optional<UUID> assessorPerson() {
        return has(Roles.ASSESSOR) ? personId() : Optional.empty();
    }

    /**
     * Whether the caller may see a plan and everything under it: across units (ADMIN, EVALUATOR), their own unit's
     * (UNIT_COORDINATOR, RESPONSIBLE), or one they assess (ASSESSOR). Services answer 404 otherwise, so another
     * unit's ids reveal nothing.
     */
    public boolean sees(UUID planId, UUID planUnitId) {
        return seesAllPlans() || ownUnit().filter(planUnitId::equals).isPresent() || assesses(planId);
    }

    /** Whether the caller is an ASSESSOR assigned to the plan. */
    public boolean assesses(UUID planId) {
        // asked several times per request for the same plan (the plan, then its rows): one query each
        return assessorPerson().map(person -> assessed.computeIfAbsent(planId, id -> ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from plan_assessors where plan_id = ?1 and person_id = ?2")
                .setParameter(1, id).setParameter(2, person).getSingleResult()).longValue() > 0)).orElse(false);
    }

    /** Whether the caller is the UNIT_COORDINATOR of this unit. */
    public boolean coordinatorOf(UUID unitId) {
        return has(Roles.UNIT_COORDINATOR) && unitId().filter(unitId::equals).isPresent();
    }

    /** Plans are edited by an EVALUATOR, or by the UNIT_COORDINATOR of the plan's own unit. */
    public void requirePlanEditor(UUID planUnitId) {
        if (has(Roles.EVALUATOR) || coordinatorOf(planUnitId)) {
            return;
        }
        throw ApiProblem.forbidden("Plans are changed by an EVALUATOR or by the UNIT_COORDINATOR of the plan's unit.");
    }
}
