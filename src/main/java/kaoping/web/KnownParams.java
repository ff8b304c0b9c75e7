package kaoping.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A query parameter the operation does not define is a 400 naming it. JAX-RS binds only the parameters a method
 * declares and drops the rest, so {@link StrictParams} never sees a misspelt filter and the list silently answers
 * unfiltered ({@code /audit-events?entityType=evidence} gave every event). The names come from the contract.
 */
@ApplicationScoped
public class KnownParams {
    private final Map<String, Set<String>> byOperation = load();

    static Map<String, Set<String>> load() {
        try (InputStream in = KnownParams.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            JsonNode contract = new YAMLMapper().readTree(in);
            JsonNode shared = contract.path("components").path("parameters");
            Map<String, Set<String>> names = new HashMap<>();
            for (JsonNode path : contract.get("paths")) {
                path.forEach(operation -> {
                    if (operation.has("operationId")) {
                        Set<String> query = new TreeSet<>();
                        for (JsonNode list : new JsonNode[] {path.path("parameters"), operation.path("parameters")}) {
                            list.forEach(p -> {
                                JsonNode param = p.has("$ref") ? shared.path(p.get("$ref").asText().replaceFirst(".*/", "")) : p;
                                if (param.path("in").asText().equals("query")) {
                                    query.add(param.path("name").asText());
                                }
                            });
                        }
                        names.put(operation.get("operationId").asText(), Set.copyOf(query));
                    }
                });
            }
            return Map.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("the contract is not readable", e);
        }
    }

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
