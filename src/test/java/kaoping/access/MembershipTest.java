package kaoping.access;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** A key's person belongs to its unit, and a person moved to another unit keeps no rights in the old one. */
@QuarkusTest
class MembershipTest extends ApiTest {

    @Test
    void aResponsibleKeyActsAsAPersonOfItsOwnUnit() {
        UUID unit = newUnit("晋江市水利局");
        UUID stranger = newPerson("外单位人员", newUnit("晋江市林业局"));
        Api.admin().body(Api.map("name", "责任人", "roles", Set.of("RESPONSIBLE"), "unitId", unit)).post("/api/v1/api-keys")
                .then().statusCode(422).body("errors[0].field", equalTo("personId"));
        Api.admin().body(Api.map("name", "责任人", "roles", Set.of("RESPONSIBLE"), "unitId", unit, "personId", stranger))
                .post("/api/v1/api-keys").then().statusCode(422).body("errors[0].field", equalTo("personId"));
        Api.admin().body(Api.map("name", "协调员", "roles", Set.of("UNIT_COORDINATOR"), "unitId", unit, "personId", stranger))
                .post("/api/v1/api-keys").then().statusCode(422).body("errors[0].field", equalTo("personId"));
        Api.admin().body(Api.map("name", "责任人", "roles", Set.of("RESPONSIBLE"), "unitId", unit,
                "personId", newPerson("本单位人员", unit))).post("/api/v1/api-keys").then().statusCode(201);
    }

    @Test
    void aPersonMovedToAnotherUnitNoLongerReportsForTheOldOne() {
        UUID oldUnit = newUnit("晋江市交通运输局");
        UUID newUnit = newUnit("晋江市商务局");
        String evaluator = evaluatorKey();
        UUID open = newPlan(jinjiangPlan(oldUnit, 2022));
        UUID closed = newPlan(jinjiangPlan(oldUnit, 2021));
        String externalId = "OA-" + UUID.randomUUID();
        UUID person = UUID.fromString(Api.admin().body(Api.map("name", "郑强", "unitId", oldUnit, "externalId", externalId))
                .post("/api/v1/people").then().statusCode(201).extract().path("id"));
        String openLeaf = leaf(evaluator, open);
        String closedLeaf = leaf(evaluator, closed);
        for (String at : List.of("/api/v1/plans/" + open + "/indicators/" + openLeaf,
                "/api/v1/plans/" + closed + "/indicators/" + closedLeaf)) {
            Api.withKey(evaluator).header("If-Match", "\"0\"").body(Api.map("items", List.of(Api.map("role", "PERSON",
                    "responsibility", "LEAD", "personId", person)))).put(at + "/assignments").then().statusCode(200);
        }
        setStatus(open, PlanStatus.PUBLISHED);
        setStatus(closed, PlanStatus.CLOSED);
        var key = Api.admin().body(Api.map("name", "郑强", "roles", Set.of("RESPONSIBLE"), "unitId", oldUnit,
                "personId", person)).post("/api/v1/api-keys").then().statusCode(201).extract().jsonPath();
        String token = Jwt.issuer("https://idp.test.gov.cn").subject(externalId).groups(Set.of("RESPONSIBLE"))
                .claim("unit_id", oldUnit.toString()).sign();
        String progress = "/api/v1/plans/" + open + "/indicators/" + openLeaf + "/progress";
        Api.withKey(key.getString("key")).body(Api.map("reportedOn", "2022-03-31", "narrative", "按计划推进")).post(progress).then().statusCode(201);
        Api.anonymous().auth().oauth2(token).body(Api.map("reportedOn", "2022-04-30", "narrative", "按计划推进")).post(progress).then().statusCode(201);

        String etag = Api.admin().get("/api/v1/people/" + person).then().statusCode(200).extract().header("ETag");
        Api.admin().contentType("application/merge-patch+json").header("If-Match", etag)
                .body(Api.map("unitId", newUnit)).patch("/api/v1/people/" + person).then().statusCode(200);

        // the key for the old unit is revoked with the move
        Api.withKey(key.getString("key")).body(Api.map("reportedOn", "2022-05-31", "narrative", "按计划推进")).post(progress).then().statusCode(401);
        Api.admin().get("/api/v1/api-keys/" + key.getString("id")).then().statusCode(200).body("revokedAt", notNullValue());
        // the old unit's open plan no longer names them, so the identity provider's token reports no more either
        Api.withKey(evaluator).get("/api/v1/plans/" + open + "/indicators/" + openLeaf + "/assignments").then()
                .statusCode(200).body("items", hasSize(0));
        Api.anonymous().auth().oauth2(token).body(Api.map("reportedOn", "2022-05-31", "narrative", "按计划推进")).post(progress).then().statusCode(403);
        // a closed year keeps its record of who answered for what
        Api.withKey(evaluator).get("/api/v1/plans/" + closed + "/indicators/" + closedLeaf + "/assignments").then()
                .statusCode(200).body("items[0].personId", equalTo(person.toString()));
        // and the trail keeps the entry that was removed
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?planId=" + open + "&action=updatePerson")
                .then().statusCode(200).body("items.findAll { it.entityType == 'assignments' }.change", equalTo(List.of("DELETE")))
                .body("items.find { it.entityType == 'assignments' }.before.personId", equalTo(person.toString()));
    }

    private static String leaf(String evaluator, UUID planId) {
        return Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/indicators").then().extract()
                .path("indicators[0].children[0].children[0].children[0].id");
    }
}
