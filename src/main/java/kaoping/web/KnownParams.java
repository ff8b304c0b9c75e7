package kaoping.web;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * A query parameter the operation does not define is a 400 naming it. JAX-RS binds only the parameters a method
 * declares and drops the rest, so {@link StrictParams} never sees a misspelt filter and the list silently answers
 * unfiltered ({@code /audit-events?entityType=evidence} gave every event). The names come from the contract.
 */
@ApplicationScoped
public class KnownParams {
    private final Map<String, Set<String>> byOperation = Contract.operations().entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().queryParameters()));

    /** After the role check, so a caller learns nothing of an operation they may not call; before any body is read. */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHORIZATION + 5)
    public void check(SimpleResourceInfo operation, UriInfo uri) {
        Set<String> known = byOperation.get(operation.getMethodName());
        if (known == null) {
            return; // not an operation of the contract (the served contract itself, health)
        }
        for (String name : new TreeSet<>(uri.getQueryParameters().keySet())) {
            if (!known.contains(name)) {
                throw ApiProblem.badRequest(name, "is not a parameter of this operation"
                        + (known.isEmpty() ? ", which takes none" : "; it takes " + String.join(", ", known)));
            }
        }
    }
}
