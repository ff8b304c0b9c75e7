package kaoping.access;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** GET /me tells each kind of caller who they are and what the contract lets them call. */
@QuarkusTest
class MeTest extends ApiTest {
    @Test
    void anAdminKeyHasNoUnitNorPersonAndMayManageKeys() {
        Api.withKey(newKey(Set.of("ADMIN"), null)).get("/api/v1/me").then().statusCode(200)
                .body("credential", equalTo("API_KEY"))
                .body("roles", equalTo(List.of("ADMIN")))
                .body("unit", nullValue()).body("person", nullValue())
                .body("operations", hasItems("createApiKey", "createUnit", "getMe"))
                .body("operations", not(hasItem("listAuditEvents")));
    }

    @Test
    void aResponsibleKeyNamesItsUnitAndPerson() {
        UUID unit = newUnit("晋江市水利局");
        UUID person = newPerson("吴磊", unit);
        String key = Api.admin().body(Api.map("name", "吴磊的钥匙", "roles", Set.of("RESPONSIBLE"), "unitId", unit,
                "personId", person)).post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
        Api.withKey(key).get("/api/v1/me").then().statusCode(200)
                .body("credential", equalTo("API_KEY"))
                .body("roles", equalTo(List.of("RESPONSIBLE")))
                .body("unit.id", equalTo(unit.toString())).body("unit.name", equalTo("晋江市水利局"))
                .body("person.id", equalTo(person.toString())).body("person.name", equalTo("吴磊"))
                .body("operations", hasItems("addProgress", "uploadEvidence", "listPlanProgress"))
                .body("operations", not(hasItem("createApiKey")));
    }

    @Test
    void anAssessorTokenLearnsItsPersonIdFromItsSubject() {
        String externalId = "OA-" + UUID.randomUUID();
        UUID person = UUID.fromString(Api.admin().body(Api.map("name", "陈静", "unitId", newUnit("考评组"),
                "externalId", externalId)).post("/api/v1/people").then().statusCode(201).extract().path("id"));
        String token = Jwt.issuer("https://idp.test.gov.cn").subject(externalId).groups(Set.of("ASSESSOR", "offline_access")).sign();
        Api.anonymous().auth().oauth2(token).get("/api/v1/me").then().statusCode(200)
                .body("credential", equalTo("TOKEN"))
                .body("name", equalTo(externalId))
                .body("roles", equalTo(List.of("ASSESSOR")))
                .body("unit", nullValue())
                .body("person.id", equalTo(person.toString())).body("person.name", equalTo("陈静"))
                .body("operations", hasItems("putAssessment", "listAssessments", "getMe"))
                .body("operations", not(hasItem("addAssessor")));
    }
}
