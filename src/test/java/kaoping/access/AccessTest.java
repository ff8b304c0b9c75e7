package kaoping.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class AccessTest extends ApiTest {

    @Test
    void aKeyIsShownOnceStoredAsAHashAndWorksForItsRoles() {
        var created = Api.admin().body(Api.map("name", "晋江市OA系统", "roles", List.of("EVALUATOR")))
                .post("/api/v1/api-keys").then().statusCode(201).header("Location", notNullValue())
                .body("key", startsWith("kp_")).extract().jsonPath();
        String key = created.getString("key");
        String id = created.getString("id");
        Api.admin().get("/api/v1/api-keys/" + id).then().statusCode(200).body("name", equalTo("晋江市OA系统"))
                .body("prefix", equalTo(key.substring(0, 7))).body("$", not(org.hamcrest.Matchers.hasKey("key")));
        Api.admin().get("/api/v1/api-keys?revoked=false&size=200").then().statusCode(200).body("items.id", hasItem(id));

        Api.withKey(key).get("/api/v1/units").then().statusCode(200);
        Api.withKey(key).body(Api.map("name", "某局", "kind", "UNIT")).post("/api/v1/units").then().statusCode(403)
                .contentType("application/problem+json");
        Api.withKey(key).get("/api/v1/api-keys").then().statusCode(403);

        Api.admin().delete("/api/v1/api-keys/" + id).then().statusCode(204);
        Api.admin().delete("/api/v1/api-keys/" + id).then().statusCode(204);
        Api.withKey(key).get("/api/v1/units").then().statusCode(401).body("status", equalTo(401));
        Api.admin().get("/api/v1/api-keys/" + id).then().statusCode(200).body("revokedAt", notNullValue());
    }

    @Test
    void unitBoundRolesNeedAnEvaluatedUnit() {
        Api.admin().body(Api.map("name", "协调员", "roles", List.of("UNIT_COORDINATOR"))).post("/api/v1/api-keys")
                .then().statusCode(422).body("errors[0].field", equalTo("unitId"));
        UUID unit = newUnit("晋江市市场监督管理局");
        String department = Api.admin().body(Api.map("name", "办公室", "kind", "DEPARTMENT", "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).extract().path("id");
        Api.admin().body(Api.map("name", "协调员", "roles", List.of("UNIT_COORDINATOR"), "unitId", department))
                .post("/api/v1/api-keys").then().statusCode(422).body("errors[0].field", equalTo("unitId"));
        Api.admin().body(Api.map("name", "协调员", "roles", List.of("UNIT_COORDINATOR"), "unitId", unit))
                .post("/api/v1/api-keys").then().statusCode(201).body("unitId", equalTo(unit.toString()));
    }

    @Test
    void anAssessorActsAsOnePersonByKeyOrByTokenSubject() {
        Api.admin().body(Api.map("name", "评分", "roles", List.of("ASSESSOR"))).post("/api/v1/api-keys")
                .then().statusCode(422).body("errors[0].field", equalTo("personId"));
        Api.admin().body(Api.map("name", "评分", "roles", List.of("ASSESSOR"), "personId", UUID.randomUUID()))
                .post("/api/v1/api-keys").then().statusCode(422).body("errors[0].field", equalTo("personId"));
        UUID unit = newUnit("晋江市绩效考评办公室");
        UUID planId = newPlan(jinjiangPlan(newUnit("晋江市统计局"), 2021));
        String externalId = "OA-" + UUID.randomUUID();
        UUID person = UUID.fromString(Api.admin().body(Api.map("name", "王芳", "unitId", unit, "externalId", externalId))
                .post("/api/v1/people").then().statusCode(201).extract().path("id"));
        Api.admin().body(Api.map("name", "评分", "roles", List.of("ASSESSOR"), "personId", person)).post("/api/v1/api-keys")
                .then().statusCode(201).body("personId", equalTo(person.toString()));
        Api.withKey(evaluatorKey()).body(Api.map("personId", person)).post("/api/v1/plans/" + planId + "/assessors")
                .then().statusCode(201);
        String leaf = Api.withKey(evaluatorKey()).get("/api/v1/plans/" + planId + "/indicators").then().extract()
                .path("indicators[0].children[0].children[0].children[0].id");
        String path = "/api/v1/plans/" + planId + "/indicators/" + leaf + "/assessments/" + person;
        setStatus(planId, PlanStatus.EVALUATION);
        // the identity provider's subject is the person's externalId
        String token = Jwt.issuer("https://idp.test.gov.cn").subject(externalId).groups(Set.of("ASSESSOR")).sign();
        Api.anonymous().auth().oauth2(token).body(Api.map("score", 2)).put(path).then().statusCode(201);
        String stranger = Jwt.issuer("https://idp.test.gov.cn").subject("OA-unknown").groups(Set.of("ASSESSOR")).sign();
        // a subject that names nobody assesses no plan: it sees none
        Api.anonymous().auth().oauth2(stranger).get(path).then().statusCode(404);
    }

    @Test
    void theLastActiveAdminKeyCannotBeRevoked() {
        List<String> admins = Api.admin().get("/api/v1/api-keys?revoked=false&size=200").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.roles.contains('ADMIN') }.id");
        String bootstrap = Api.admin().get("/api/v1/api-keys?revoked=false&size=200").then().extract().jsonPath()
                .getString("items.find { it.name == 'bootstrap' }.id");
        admins.stream().filter(id -> !id.equals(bootstrap))
                .forEach(id -> Api.admin().delete("/api/v1/api-keys/" + id).then().statusCode(204));
        Api.admin().delete("/api/v1/api-keys/" + bootstrap).then().statusCode(409).body("status", equalTo(409));
        Api.admin().get("/api/v1/units").then().statusCode(200);
    }

    @Test
    void tokensOfTheIdentityProviderCarryRolesAndUnit() {
        UUID unit = newUnit("晋江市教育局");
        UUID other = newUnit("晋江市财政局");
        Api.token(Set.of("UNIT_COORDINATOR"), unit).body(jinjiangPlan(unit, 2030)).post("/api/v1/plans")
                .then().statusCode(201);
        Api.token(Set.of("UNIT_COORDINATOR"), unit).body(jinjiangPlan(other, 2030)).post("/api/v1/plans")
                .then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("UNIT_COORDINATOR"));
        Api.token(Set.of("EVALUATOR"), null).body(jinjiangPlan(other, 2030)).post("/api/v1/plans").then().statusCode(201);
        Api.token(Set.of("RESPONSIBLE"), unit).get("/api/v1/plans?unitId=" + unit).then().statusCode(200)
                .body("total", equalTo(1));
        Api.token(Set.of("ADMIN"), null).body(Api.map("name", "某局", "kind", "UNIT")).post("/api/v1/units")
                .then().statusCode(201);
    }

    @Test
    void tokensThatFailVerificationAreRefused() throws Exception {
        var stranger = KeyPairGenerator.getInstance("RSA");
        stranger.initialize(2048);
        String forged = Jwt.issuer("https://idp.test.gov.cn").upn("mallory").groups(Set.of("ADMIN"))
                .sign(stranger.generateKeyPair().getPrivate());
        given().filter(Api.responseOnly()).auth().oauth2(forged).get("/api/v1/units").then().statusCode(401)
                .contentType("application/problem+json");
        String otherIssuer = Jwt.issuer("https://elsewhere.example.com").upn("eve").groups(Set.of("ADMIN")).sign();
        given().filter(Api.responseOnly()).auth().oauth2(otherIssuer).get("/api/v1/units").then().statusCode(401);
        given().filter(Api.responseOnly()).header("X-API-Key", "kp_not-a-real-key").get("/api/v1/units").then()
                .statusCode(401).body("detail", org.hamcrest.Matchers.containsString("not valid"));
    }
}
