package kaoping.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the server enforces per operation, read from the contract it serves, so front ends and the server read the
 * same list: the roles that may call it ({@code x-roles}) and the query parameters it defines.
 */
public final class Contract {
    /** One operation of the contract. */
    public record Operation(Set<String> roles, Set<String> queryParameters) {
    }

    private Contract() {
    }

    /** Every operation by its operationId. */
    public static Map<String, Operation> operations() {
        try (InputStream in = Contract.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            JsonNode contract = new YAMLMapper().readTree(in);
            JsonNode shared = contract.path("components").path("parameters");
            Map<String, Operation> operations = new HashMap<>();
            for (JsonNode path : contract.get("paths")) {
                path.forEach(operation -> {
                    if (operation.has("operationId")) {
                        Set<String> roles = new TreeSet<>();
                        operation.path("x-roles").forEach(role -> roles.add(role.asText()));
                        Set<String> query = new TreeSet<>();
                        for (JsonNode list : new JsonNode[] {path.path("parameters"), operation.path("parameters")}) {
                            list.forEach(p -> {
                                JsonNode param = p.has("$ref") ? shared.path(p.get("$ref").asText().replaceFirst(".*/", "")) : p;
                                if (param.path("in").asText().equals("query")) {
                                    query.add(param.path("name").asText());
                                }
                            });
                        }
                        operations.put(operation.get("operationId").asText(),
                                new Operation(Set.copyOf(roles), Set.copyOf(query)));
                    }
                });
            }
            return Map.copyOf(operations);
        } catch (IOException e) {
            throw new UncheckedIOException("the contract is not readable", e);
        }
    }
}
