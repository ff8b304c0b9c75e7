package kaoping.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import kaoping.access.Actor;

/**
 * The trail's before and after in the contract's field names: the trigger records columns (V5__integrity.sql), a
 * reader knows the API. Per tracked table: the schemas its rows are shown as, the columns whose field is not simply
 * their camelCase, the columns no schema shows (bookkeeping, or the event's own entityId and planId), and the credential
 * columns that, with the {@code _person} and {@code _name} recorded beside them, show as one Actor, as the record does.
 */
final class AuditFields {
    /** How one table's columns are shown; every tracked table has one (AuditFieldsTest). */
    record Table(List<String> schemas, Map<String, String> renamed, Set<String> hidden, Set<String> actors) {
        Table(List<String> schemas, Map<String, String> renamed, Set<String> hidden) {
            this(schemas, renamed, hidden, Set.of());
        }
    }

    private static final Set<String> NOT_IN_ROW = Set.of("id");
    static final Map<String, Table> TABLES = Map.ofEntries(
            Map.entry("units", shown("Unit")),
            Map.entry("people", shown("Person")),
            // the trigger strips a key's secrets already (V7); never shown even if recorded
            Map.entry("api_keys", new Table(List.of("ApiKey"), Map.of(), Set.of("key_hash", "hash_scheme", "prefix"))),
            // the component scores are their own resource; tree_version is the tree's ETag, moved by every node
            Map.entry("plans", new Table(List.of("Plan", "ComponentScores"), Map.of("component_scores", "scores"),
                    Set.of("tree_version", "component_scores_version"))),
            Map.entry("indicators", new Table(List.of("IndicatorNode", "IndicatorMove"), Map.of(), Set.of("plan_id"))),
            Map.entry("plan_assessors", new Table(List.of("Assessor"), Map.of("assigned_at", "createdAt"), NOT_IN_ROW)),
            Map.entry("assessments", new Table(List.of("Assessment"), Map.of("assessor_id", "personId"), NOT_IN_ROW)),
            Map.entry("self_assessments", new Table(List.of("SelfAssessment"), Map.of(), NOT_IN_ROW)),
            Map.entry("progress_reports", withActors("Progress", "reported_by")),
            Map.entry("adjustments", withActors("Adjustment", "created_by")),
            Map.entry("evidence", new Table(List.of("Evidence"), Map.of("review_status", "status"), Set.of(),
                    Set.of("uploaded_by", "reviewed_by"))),
            // an entry's place in its target's list is its order in AssignmentsInput.items
            Map.entry("assignments", new Table(List.of("Assignment", "PersonAssignment"), Map.of(), Set.of("id", "position"))),
            Map.entry("plan_transitions", new Table(List.of("Transition"), Map.of("from_status", "from", "to_status", "to"),
                    Set.of(), Set.of("actor"))),
            Map.entry("plan_versions", new Table(List.of("PlanVersion"), Map.of("tree", "indicators"), Set.of("plan_id"))),
            Map.entry("change_requests", withActors("ChangeRequest", "proposed_by", "decided_by")),
            Map.entry("reporting_periods", shown("Period")),
            // an unlock is read under its period; the event's planId says the plan
            Map.entry("period_unlocks", new Table(List.of("PeriodUnlock"), Map.of(), Set.of("plan_id"), Set.of("granted_by"))),
            // the deduction rule is the inspection's `deduction`
            Map.entry("inspections", new Table(List.of("Inspection", "DeductionRule"), Map.of(), Set.of(), Set.of("issued_by"))),
            // a finding's place is its order in InspectionInput.findings; the extension_* columns are its
            // pending `extensionRequest`
            Map.entry("findings", new Table(List.of("Finding", "FindingExtensionRequest"),
                    Map.of("extension_deadline", "newDeadline", "extension_reason", "reason", "extension_by", "requestedBy",
                            "extension_at", "requestedAt"),
                    Set.of("position"), Set.of("issued_by", "closure_requested_by", "extension_by"))),
            // seq orders steps taken within one clock tick
            Map.entry("finding_steps", new Table(List.of("FindingStep"), Map.of("from_status", "from", "to_status", "to"),
                    Set.of("seq", "plan_id"), Set.of("actor"))));

    private AuditFields() {
    }

    private static Table shown(String schema) {
        return withActors(schema);
    }

    private static Table withActors(String schema, String... actors) {
        return new Table(List.of(schema), Map.of(), Set.of(), Set.of(actors));
    }

    /** A row's changed columns as the API's fields; a table not (yet) listed shows camelCase names. */
    static Map<String, Object> shown(String table, Map<String, Object> columns) {
        if (columns == null) {
            return null;
        }
        Table t = TABLES.getOrDefault(table, new Table(List.of(), Map.of(), Set.of()));
        Map<String, Object> fields = new LinkedHashMap<>();
        columns.forEach((column, value) -> {
            if (t.hidden().contains(column) || t.actors().stream().anyMatch(a -> column.equals(a + "_person")
                    || column.equals(a + "_name"))) {
                return; // a name recorded again beside an unchanged credential is no change of who did it
            }
            Object person = columns.get(column + "_person");
            fields.put(t.renamed().getOrDefault(column, camelCase(column)),
                    t.actors().contains(column) && value instanceof String credential
                            ? Actor.api(new Actor(credential, person == null ? null : UUID.fromString(person.toString()),
                                    (String) columns.get(column + "_name")))
                            : value);
        });
        return fields;
    }

    static String camelCase(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
