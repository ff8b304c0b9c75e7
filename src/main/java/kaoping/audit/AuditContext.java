package kaoping.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is doing what in this request, for the audit trail: set once the request is authenticated and its operation
 * is known, read whenever a database connection is taken and whenever a refused request is recorded. Injected as a
 * client proxy, so it is read and written through its methods only.
 */
@RequestScoped
public class AuditContext {
    private Who who = new Who(null, null, null, null, null, null, null, null);

    /**
     * The request's facts; nulls for what is unknown (no login yet, no operation matched). The actor is the credential,
     * with the person it acts as and the name to show (see {@link kaoping.access.Actor}).
     */
    public record Who(String actor, String actorPerson, String actorName, String roles, String unitId, String action,
                      String requestId, String clientAddress) {
        /** A failed login: what was shown of the credential, from where. */
        static Who unverified(String shown, String requestId, String clientAddress) {
            return new Who(shown, null, null, null, null, null, requestId, clientAddress);
        }

        /** The fields the audit trigger reads, as JSON-ready pairs; nulls left out. */
        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            put(fields, "actor", actor);
            put(fields, "actorPerson", actorPerson);
            put(fields, "actorName", actorName);
            put(fields, "roles", roles);
            put(fields, "unitId", unitId);
            put(fields, "action", action);
            put(fields, "requestId", requestId);
            put(fields, "clientAddress", clientAddress);
            return fields;
        }

        private static void put(Map<String, String> fields, String name, String value) {
            if (value != null) {
                fields.put(name, value);
            }
        }
    }

    public Who who() {
        return who;
    }

    void set(Who who) {
        this.who = who;
    }
}
