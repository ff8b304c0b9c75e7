package kaoping.support;

import java.util.Set;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.quarkus.test.common.WithTestResource;
import kaoping.api.model.PlanStatus;
import kaoping.plan.PlanEntity;

/** Base of the HTTP tests: one embedded PostgreSQL for the whole run, and helpers that make what tests need. */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
public abstract class ApiTest {
    static {
        // a failing assertion shows the whole exchange, so a CI log is enough to see why
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // JSON is UTF-8 (RFC 8259); RestAssured would send merge patches in ISO-8859-1 otherwise
        RestAssured.config = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .defaultCharsetForContentType("UTF-8", "application/merge-patch+json"));
    }

    /** The first column of the first row of a query with one text parameter, read past the API. */
    protected static String selectOne(javax.sql.DataSource db, String sql, String parameter) {
        try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            var rows = statement.executeQuery();
            rows.next();
            return rows.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new evaluated unit with a unique name and code. */
    protected static UUID newUnit(String name) {
        String code = "U" + UUID.randomUUID().toString().substring(0, 8);
        return UUID.fromString(Api.admin().body(Api.map("name", name, "code", code, "kind", "UNIT", "series", "第二系列参评单位"))
                .post("/api/v1/units").then().statusCode(201).extract().path("id"));
    }

    /** A new evaluating body (考核机关), the organisation of evaluators and assessors. */
    protected static UUID newEvaluatingBody(String name) {
        return UUID.fromString(Api.admin().body(Api.map("name", name, "kind", "EVALUATING_BODY"))
                .post("/api/v1/units").then().statusCode(201).extract().path("id"));
    }

    /** An API key with these roles, made by the bootstrap ADMIN. */
    protected static String newKey(Set<String> roles, UUID unitId) {
        return Api.admin().body(Api.map("name", "test key", "roles", roles, "unitId", unitId))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    protected static String evaluatorKey() {
        return newKey(Set.of("EVALUATOR"), null);
    }

    /** A new person of this unit. */
    protected static UUID newPerson(String name, UUID unitId) {
        return UUID.fromString(Api.admin().body(Api.map("name", name, "unitId", unitId)).post("/api/v1/people")
                .then().statusCode(201).extract().path("id"));
    }

    /** A RESPONSIBLE key of this unit, acting as a new person of it. */
    protected static String responsibleKey(UUID unitId) {
        return Api.admin().body(Api.map("name", "responsible key", "roles", Set.of("RESPONSIBLE"), "unitId", unitId,
                "personId", newPerson("责任人", unitId))).post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    /** An ASSESSOR key that acts as this person. */
    protected static String assessorKey(UUID personId) {
        return personKey("ASSESSOR", personId);
    }

    /** A key with this role of no unit (ASSESSOR, EVALUATOR) that acts as this person. */
    protected static String personKey(String role, UUID personId) {
        return Api.admin().body(Api.map("name", role.toLowerCase() + " key", "roles", Set.of(role), "personId", personId))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    /** A new plan of this unit made by an EVALUATOR from a body; its id. */
    protected static UUID newPlan(String body) {
        return UUID.fromString(Api.withKey(evaluatorKey()).body(body).post("/api/v1/plans").then().statusCode(201)
                .extract().path("id"));
    }

    /** A new plan of this unit with one target of weight 100, published (evidence and progress are taken); its id. */
    protected static UUID newPublishedPlan(UUID unitId, String target) {
        UUID plan = newPlan("""
                {"title": "考评表", "year": 2021, "unitId": "%s", "indicators": [
                  {"code": "1", "name": "%s", "weight": 100}]}""".formatted(unitId, target));
        setStatus(plan, PlanStatus.PUBLISHED);
        return plan;
    }

    /**
     * Puts a plan in a status directly, for tests of what a status allows; LifecycleTest walks the cycle through the
     * API with its preconditions.
     */
    protected static void setStatus(UUID planId, PlanStatus status) {
        QuarkusTransaction.requiringNew().run(() -> PlanEntity.update("status = ?1 where id = ?2", status, planId));
    }

    /** The Jinjiang 2021 plan body of the fixture, for this unit and year. */
    protected static String jinjiangPlan(UUID unitId, int year) {
        return Api.resource("jinjiang-2021-plan.json").replace("00000000-0000-0000-0000-000000000000", unitId.toString())
                .replace("\"year\": 2021", "\"year\": " + year);
    }
}
