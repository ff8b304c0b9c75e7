package kaoping.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** The trail shows the fields a reader of the contract knows, never the database's column names. */
@QuarkusTest
class AuditFieldsTest extends ApiTest {
    private static final OpenAPI CONTRACT = new OpenAPIV3Parser().read("openapi/openapi.yaml");
    @Inject
    DataSource db;

    /** Every column of every table with the audit trigger, as a whole row created shows them (bookkeeping left out). */
    private Map<String, List<String>> trackedColumns() throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (var connection = db.getConnection(); var rows = connection.createStatement().executeQuery("""
                select c.table_name, c.column_name from information_schema.columns c
                 where c.table_schema = current_schema() and c.column_name not in ('version', 'updated_at', 'created_at')
                   and c.table_name in (select t.event_object_table from information_schema.triggers t
                                         where t.action_statement like '%audit_change()%')
                 order by c.table_name, c.ordinal_position""")) {
            while (rows.next()) {
                tables.computeIfAbsent(rows.getString(1), t -> new java.util.ArrayList<>()).add(rows.getString(2));
            }
        }
        return tables;
    }

    private static Set<String> properties(String schema) {
        Schema<?> s = CONTRACT.getComponents().getSchemas().get(schema);
        assertNotNull(s, "no schema " + schema + " in the contract");
        return s.getProperties().keySet();
    }

    @Test
    void everyTrackedTableShowsFieldsOfItsApiSchema() throws SQLException {
        Map<String, List<String>> tables = trackedColumns();
        assertTrue(tables.keySet().containsAll(List.of("plans", "indicators", "evidence", "plan_transitions")), tables.keySet()::toString);
        for (var table : tables.entrySet()) {
            AuditFields.Table shown = AuditFields.TABLES.get(table.getKey());
            assertNotNull(shown, table.getKey() + " is tracked: say in AuditFields how its rows are shown");
            Set<String> fields = new HashSet<>();
            shown.schemas().forEach(schema -> fields.addAll(properties(schema)));
            Map<String, Object> row = new LinkedHashMap<>();
            table.getValue().forEach(column -> row.put(column, UUID.randomUUID().toString()));
            for (String key : AuditFields.shown(table.getKey(), row).keySet()) {
                assertTrue(fields.contains(key), table.getKey() + " shows " + key + ", no field of " + shown.schemas());
            }
        }
    }

    @Test
    void theTrailOfAPlanReadsInTheContractsNames() {
        UUID unit = newUnit("晋江市档案局");
        UUID plan = newPublishedPlan(unit, "档案数字化");
        Api.withKey(Api.admin().body(Api.map("name", "绩效办考评系统", "roles", Set.of("EVALUATOR"))).post("/api/v1/api-keys")
                .then().statusCode(201).extract().<String>path("key")).body(Api.map("action", "OPEN_SELF_ASSESSMENT"))
                .post("/api/v1/plans/" + plan + "/transitions").then().statusCode(200);

        List<Map<String, Object>> events = Api.withKey(newKey(Set.of("AUDITOR"), null))
                .get("/api/v1/audit-events?size=200&planId=" + plan).then().statusCode(200).extract().path("items");
        Map<String, Object> created = after(events, "plans", "createPlan");
        assertTrue(created.keySet().containsAll(Set.of("unitId", "scoringRules", "title")), created::toString);
        assertFalse(created.containsKey("unit_id") || created.containsKey("treeVersion"), created::toString);
        Map<String, Object> node = after(events, "indicators", "createPlan");
        assertTrue(node.keySet().containsAll(Set.of("name", "weight", "code")), node::toString);
        assertFalse(node.containsKey("planId") || node.containsKey("plan_id"), "the event's own planId says it");
        Map<String, Object> step = after(events, "plan_transitions", "transitionPlan");
        assertEquals("PUBLISHED", step.get("from"));
        assertEquals("SELF_ASSESSMENT", step.get("to"));
        assertEquals(Map.of("kind", "API_KEY", "name", "绩效办考评系统"),
                Map.of("kind", ((Map<?, ?>) step.get("actor")).get("kind"), "name", ((Map<?, ?>) step.get("actor")).get("name")));
        assertFalse(step.containsKey("actorName") || step.containsKey("actor_name"), step::toString);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> after(List<Map<String, Object>> events, String table, String action) {
        return (Map<String, Object>) events.stream().filter(e -> table.equals(e.get("entityType")) && action.equals(e.get("action"))
                && "CREATE".equals(e.get("change"))).findFirst().orElseThrow(() -> new AssertionError(table + " " + action))
                .get("after");
    }
}
