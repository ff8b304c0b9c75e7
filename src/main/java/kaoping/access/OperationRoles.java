package kaoping.access;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.security.identity.SecurityIdentity;
import kaoping.web.ApiProblem;
import kaoping.web.Contract;

/**
 * Which roles may call an operation is part of the contract: each operation lists them in {@code x-roles}, so front
 * ends read it where they read everything else, and this filter enforces exactly that list before the body is read.
 * Which rows of a plan a caller may see (their unit, the plans they assess) is decided by the services.
 */
@ApplicationScoped
public class OperationRoles {
    private final Map<String, Set<String>> byOperation = Contract.operations().entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().roles()));
    private final SecurityIdentity identity;

    public OperationRoles(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The roles the contract lets call the operation; none when the contract names none, so nobody may. */
    public Set<String> of(String operationId) {
        return byOperation.getOrDefault(operationId, Set.of());
    }

    /** The operations that any of these roles may call, sorted: what a front end offers the caller. */
    public List<String> allowedTo(Set<String> roles) {
        return byOperation.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(roles::contains))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHORIZATION)
    public void check(SimpleResourceInfo operation) {
        Set<String> allowed = of(operation.getMethodName());
        if (identity.getRoles().stream().noneMatch(allowed::contains)) {
            throw ApiProblem.forbidden("This operation is for " + (allowed.isEmpty() ? "nobody"
                    : String.join(", ", new TreeSet<>(allowed))) + "; your roles are "
                    + String.join(", ", new TreeSet<>(identity.getRoles())) + ".");
        }
    }
}
