package kaoping.access;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

/** Records name who did it as a UI shows it: the person of the credential, else the key; as it was at the time. */
@QuarkusTest
class ActorsTest extends ApiTest {
    @Inject
    EntityManagerFactory entityManagerFactory;

    private static String key(String name, Set<String> roles, UUID unit, UUID person) {
        return Api.admin().body(Api.map("name", name, "roles", roles, "unitId", unit, "personId", person))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    private static String upload(String key, String url, String text) {
        return new Multipart().file("file", "完成情况.txt", text.getBytes(StandardCharsets.UTF_8)).request(key).post(url)
                .then().statusCode(201).extract().path("id");
    }

    private static String leaf(UUID plan) {
        return Api.withKey(evaluatorKey()).get("/api/v1/plans/" + plan + "/indicators").then().extract()
                .path("indicators[0].id");
    }

    @Test
    void recordsNameThePersonOrTheKeyAsTheyWereWhenItWasDone() {
        UUID unit = newUnit("晋江市生态环境局");
        UUID plan = newPublishedPlan(unit, "实施20个大气减排治理项目");
        String leaf = leaf(plan);
        UUID wu = newPerson("吴磊", unit);
        String coordinator = key("生态环境局OA", Set.of("UNIT_COORDINATOR"), unit, wu);
        String office = key("晋江市绩效办考评系统", Set.of("EVALUATOR"), null, null);
        String evidenceUrl = "/api/v1/plans/" + plan + "/indicators/" + leaf + "/evidence";

        // a key acting as a person: the person, by name
        String file = upload(coordinator, evidenceUrl, "第一季度");
        var uploaded = Api.withKey(coordinator).get("/api/v1/evidence/" + file).then().statusCode(200)
                .body("uploadedBy.kind", equalTo("PERSON")).body("uploadedBy.id", equalTo(wu.toString()))
                .body("uploadedBy.name", equalTo("吴磊")).extract().<String>path("uploadedBy.credential");
        Api.withKey(coordinator).get("/api/v1/me").then().statusCode(200).body("actor.credential", equalTo(uploaded))
                .body("actor.name", equalTo("吴磊"));

        // a key of no person (an office system): the key's name
        Api.withKey(office).header("If-Match", "\"0\"").body(Api.map("decision", "ACCEPTED"))
                .post("/api/v1/evidence/" + file + "/review").then().statusCode(200)
                .body("reviewedBy.kind", equalTo("API_KEY")).body("reviewedBy.name", equalTo("晋江市绩效办考评系统"));
        Api.withKey(office).body(Api.map("action", "OPEN_SELF_ASSESSMENT")).post("/api/v1/plans/" + plan + "/transitions").then()
                .statusCode(200);
        Api.withKey(coordinator).get("/api/v1/plans/" + plan + "/transitions").then().statusCode(200)
                .body("items[0].actor.kind", equalTo("API_KEY")).body("items[0].actor.name", equalTo("晋江市绩效办考评系统"));

        // a token whose subject is a person of the directory: that person
        UUID lin = UUID.fromString(Api.admin().body(Api.map("name", "林静", "unitId", unit, "externalId", "OA-" + UUID.randomUUID()))
                .post("/api/v1/people").then().statusCode(201).extract().path("id"));
        String subject = Api.admin().get("/api/v1/people/" + lin).then().extract().path("externalId");
        String token = Jwt.issuer("https://idp.test.gov.cn").subject(subject).upn(subject).groups(Set.of("UNIT_COORDINATOR"))
                .claim("unit_id", unit.toString()).sign();
        Api.anonymous().auth().oauth2(token).body(Api.map("reportedOn", "2021-06-30", "narrative", "完成8个项目"))
                .post("/api/v1/plans/" + plan + "/indicators/" + leaf + "/progress").then().statusCode(201)
                .body("reportedBy", equalTo(Map.of("kind", "PERSON", "id", lin.toString(), "name", "林静",
                        "credential", subject)));

        // the name is the one of the day: renaming the person later leaves older records as they were
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"").body(Api.map("name", "吴磊磊"))
                .patch("/api/v1/people/" + wu).then().statusCode(200);
        Api.withKey(coordinator).get("/api/v1/plans/" + plan + "/evidence").then().statusCode(200)
                .body("items[0].uploadedBy.name", equalTo("吴磊"));
        upload(coordinator, evidenceUrl, "第二季度");
        Api.withKey(coordinator).get("/api/v1/plans/" + plan + "/evidence?uploadedBy=" + uploaded).then().statusCode(200)
                .body("total", equalTo(2)).body("items.uploadedBy.name", hasItem("吴磊磊"));

        // the trail keeps the credential and shows the same object
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?entityId=" + file).then().statusCode(200)
                .body("items.actor.name", hasItem("吴磊")).body("items.actor.name", hasItem("晋江市绩效办考评系统"))
                .body("items.find { it.action == 'uploadEvidence' }.actor",
                        equalTo(Map.of("kind", "PERSON", "id", wu.toString(), "name", "吴磊", "credential", uploaded)));
    }

    @Test
    void aListOfRecordsReadsNoNamesRowByRow() {
        UUID unit = newUnit("晋江市水利局");
        UUID plan = newPublishedPlan(unit, "水利工程");
        String leaf = leaf(plan);
        String url = "/api/v1/plans/" + plan + "/indicators/" + leaf + "/evidence";
        String first = key("水利局甲", Set.of("UNIT_COORDINATOR"), unit, newPerson("甲", unit));
        upload(first, url, "一");
        long one = statementsToList(first, url, 1);
        for (String name : new String[] {"乙", "丙", "丁"}) {
            upload(key("水利局" + name, Set.of("UNIT_COORDINATOR"), unit, newPerson(name, unit)), url, name);
        }
        assertEquals(one, statementsToList(first, url, 4), "4 uploaders take as many statements as 1");
    }

    private long statementsToList(String key, String url, int files) {
        Api.withKey(key).get("/api/v1/me").then().statusCode(200); // the key known from memory, whatever came before
        var statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();
        Api.withKey(key).get(url).then().statusCode(200).body("total", equalTo(files));
        return statistics.getPrepareStatementCount();
    }
}
