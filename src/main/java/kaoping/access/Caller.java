package kaoping.access;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import kaoping.web.ApiProblem;

/**
 * Who is calling: an API key or a token subject, with roles and, for unit-bound roles, the unit. Services ask it
 * instead of reading the security identity, so keys and tokens are treated alike.
 */
@RequestScoped
public class Caller {
    /** Identity attribute that an API key's unit travels in. */
    public static final String UNIT_ATTRIBUTE = "kaoping.unitId";

    private final SecurityIdentity identity;
    private final String unitClaim;

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

    /** Plans are edited by an EVALUATOR, or by the UNIT_COORDINATOR of the plan's own unit. */
    public void requirePlanEditor(UUID planUnitId) {
        if (has(Roles.EVALUATOR) || (has(Roles.UNIT_COORDINATOR) && unitId().filter(planUnitId::equals).isPresent())) {
            return;
        }
        throw ApiProblem.forbidden("Plans are changed by an EVALUATOR or by the UNIT_COORDINATOR of the plan's unit.");
    }
}
