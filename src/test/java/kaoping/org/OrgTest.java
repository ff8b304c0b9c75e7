package kaoping.org;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class OrgTest extends ApiTest {

    @Test
    void unitsHaveDepartmentsThatStayInsideTheirUnit() {
        UUID unit = newUnit("泉州市晋江生态环境局");
        var department = Api.admin().body(Api.map("name", "法规科", "kind", "DEPARTMENT", "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).header("ETag", "\"0\"")
                .body("rootUnitId", equalTo(unit.toString())).extract().jsonPath();
        String team = Api.admin().body(Api.map("name", "执法大队一中队", "kind", "DIRECT_UNIT", "parentId",
                department.getString("id"))).post("/api/v1/units").then().statusCode(201)
                .body("rootUnitId", equalTo(unit.toString())).extract().path("id");

        Api.admin().get("/api/v1/units?parentId=" + unit).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].name", equalTo("法规科"));
        Api.admin().get("/api/v1/units?q=晋江生态").then().statusCode(200).body("items.id", hasItem(unit.toString()));

        Api.admin().body(Api.map("name", "无主科室", "kind", "DEPARTMENT")).post("/api/v1/units").then()
                .statusCode(422).body("errors[0].field", equalTo("parentId"));
        Api.admin().body(Api.map("name", "某局", "kind", "UNIT", "parentId", unit)).post("/api/v1/units").then()
                .statusCode(422).body("errors[0].field", equalTo("parentId"));
        UUID other = newUnit("晋江市水利局");
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("parentId", other)).patch("/api/v1/units/" + department.getString("id"))
                .then().statusCode(422).body("errors[0].field", equalTo("parentId"));
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("parentId", team)).patch("/api/v1/units/" + department.getString("id"))
                .then().statusCode(422).body("errors[0].message", containsString("itself"));

        Api.admin().delete("/api/v1/units/" + unit).then().statusCode(409).body("status", equalTo(409));
        Api.admin().delete("/api/v1/units/" + team).then().statusCode(204);
        Api.admin().get("/api/v1/units/" + team).then().statusCode(404);
    }

    @Test
    void theEvaluatingBodyHasItsStaffButNoPlanNorPlaceAmongEvaluatedUnits() {
        String series = "考核机关测试系列" + UUID.randomUUID();
        UUID body = UUID.fromString(Api.admin().body(Api.map("name", "晋江市效能办", "kind", "EVALUATING_BODY",
                "series", series)).post("/api/v1/units").then().statusCode(201)
                .body("kind", equalTo("EVALUATING_BODY")).extract().path("id"));
        Api.admin().get("/api/v1/units/" + body).then().statusCode(200).body("rootUnitId", equalTo(body.toString()));
        Api.admin().body(Api.map("name", "效能办", "kind", "EVALUATING_BODY", "parentId", body)).post("/api/v1/units")
                .then().statusCode(422).body("errors[0].field", equalTo("parentId"));
        String office = Api.admin().body(Api.map("name", "考评科", "kind", "DEPARTMENT", "parentId", body))
                .post("/api/v1/units").then().statusCode(201).body("rootUnitId", equalTo(body.toString()))
                .extract().path("id");
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("kind", "UNIT")).patch("/api/v1/units/" + body).then().statusCode(422)
                .body("errors[0].field", equalTo("kind"));

        // its staff are its own people, and assess a unit's plan
        UUID assessor = UUID.fromString(Api.admin().body(Api.map("name", "林静", "unitId", body, "departmentId", office))
                .post("/api/v1/people").then().statusCode(201).body("unitId", equalTo(body.toString()))
                .extract().path("id"));
        UUID unit = newUnit("晋江市审计局");
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("series", series)).patch("/api/v1/units/" + unit).then().statusCode(200);
        UUID plan = newPlan(jinjiangPlan(unit, 2021));
        String evaluator = evaluatorKey();
        Api.withKey(evaluator).body(Api.map("personId", assessor)).post("/api/v1/plans/" + plan + "/assessors")
                .then().statusCode(201);

        // no plan of its own, so never ranked; not among the evaluated units unless asked for by kind
        Api.withKey(evaluator).body(jinjiangPlan(body, 2021)).post("/api/v1/plans").then().statusCode(422)
                .body("errors[0].field", equalTo("unitId")).body("errors[0].message", containsString("EVALUATING_BODY"));
        Api.withKey(evaluator).get("/api/v1/rankings?year=2021&series=" + series + "&status=DRAFT").then()
                .statusCode(200).body("items.unitId", org.hamcrest.Matchers.contains(unit.toString()));
        Api.admin().get("/api/v1/units?q=晋江市效能办").then().statusCode(200).body("total", equalTo(0));
        Api.admin().get("/api/v1/units?parentId=" + body).then().statusCode(200).body("total", equalTo(0));
        Api.admin().get("/api/v1/units?series=" + series).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo(unit.toString()));
        Api.admin().get("/api/v1/units?kind=EVALUATING_BODY&q=晋江市效能办").then().statusCode(200)
                .body("items.id", hasItem(body.toString()));
        Api.admin().get("/api/v1/units?kind=DEPARTMENT&parentId=" + body).then().statusCode(200)
                .body("items.id", hasItem(office));
    }

    @Test
    void patchesNeedTheCurrentEtagAndMergeLikeRfc7396() {
        UUID unit = newUnit("晋江市卫生健康局");
        String url = "/api/v1/units/" + unit;
        Api.raw(Api.ADMIN_KEY).contentType("application/merge-patch+json").body(Api.map("series", "第一系列参评单位")).patch(url)
                .then().statusCode(428).body("status", equalTo(428));
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"7\"")
                .body(Api.map("series", "第一系列参评单位")).patch(url).then().statusCode(412);
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body("{\"series\": \"第一系列参评单位\", \"code\": null}").patch(url).then().statusCode(200)
                .header("ETag", "\"1\"").body("series", equalTo("第一系列参评单位")).body("$", not(org.hamcrest.Matchers.hasKey("code")))
                .body("name", equalTo("晋江市卫生健康局"));
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("name", "改名")).patch(url).then().statusCode(412);
        Api.raw(Api.ADMIN_KEY).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"name\": \"\"}").patch(url).then().statusCode(400).body("errors[0].field", equalTo("name"));
        Api.raw(Api.ADMIN_KEY).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"colour\": \"red\"}").patch(url).then().statusCode(400).body("errors[0].field", equalTo("colour"));
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Api.map("kind", "DEPARTMENT")).patch(url).then().statusCode(422).body("errors[0].field", equalTo("kind"));
    }

    @Test
    void peopleBelongToAUnitAndOneOfItsDepartments() {
        UUID unit = newUnit("泉州市晋江生态环境局");
        String department = Api.admin().body(Api.map("name", "污防科", "kind", "DEPARTMENT", "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).extract().path("id");
        String externalId = "OA-" + UUID.randomUUID();
        String person = Api.admin().body(Api.map("name", "吴磊", "title", "科长", "unitId", unit, "departmentId", department,
                "externalId", externalId)).post("/api/v1/people").then().statusCode(201)
                .header("Location", containsString("/api/v1/people/")).extract().path("id");
        Api.admin().get("/api/v1/people?q=吴&unitId=" + unit).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].departmentId", equalTo(department));
        Api.admin().get("/api/v1/people?externalId=" + externalId).then().body("items[0].id", equalTo(person));

        Api.admin().body(Api.map("name", "重名", "unitId", unit, "externalId", externalId)).post("/api/v1/people")
                .then().statusCode(409);
        UUID other = newUnit("晋江市水利局");
        Api.admin().body(Api.map("name", "张三", "unitId", other, "departmentId", department)).post("/api/v1/people")
                .then().statusCode(422).body("errors[0].field", equalTo("departmentId"));
        Api.admin().body(Api.map("name", "张三", "unitId", department)).post("/api/v1/people")
                .then().statusCode(422).body("errors[0].field", equalTo("unitId"));
        Api.admin().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body("{\"departmentId\": null, \"title\": \"副局长\"}").patch("/api/v1/people/" + person)
                .then().statusCode(200).body("title", equalTo("副局长"))
                .body("$", not(org.hamcrest.Matchers.hasKey("departmentId")));
        Api.withKey(evaluatorKey()).delete("/api/v1/people/" + person).then().statusCode(403);
        Api.admin().delete("/api/v1/people/" + person).then().statusCode(204);
        Api.admin().get("/api/v1/people/" + person).then().statusCode(404).body("detail", containsString(person));
    }

    @Test
    void listsArePagedSortedAndBounded() {
        String series = "分页测试系列" + UUID.randomUUID();
        for (String name : new String[] {"丙局", "甲局", "乙局"}) {
            Api.admin().body(Api.map("name", name, "kind", "UNIT", "series", series)).post("/api/v1/units").then().statusCode(201);
        }
        Api.admin().queryParam("series", series).queryParam("size", 2).queryParam("sort", "-createdAt")
                .get("/api/v1/units").then().statusCode(200).body("total", equalTo(3)).body("size", equalTo(2))
                .body("items.name", org.hamcrest.Matchers.contains("乙局", "甲局"));
        Api.admin().queryParam("series", series).queryParam("page", 1).queryParam("size", 2).queryParam("sort", "-createdAt")
                .get("/api/v1/units").then().body("items.name", org.hamcrest.Matchers.contains("丙局"));
        Api.admin().queryParam("series", series).queryParam("q", "%").get("/api/v1/units").then().statusCode(200)
                .body("total", equalTo(0)); // a wildcard in q is a character, not a pattern
        Api.admin().queryParam("series", series).queryParam("q", "乙").get("/api/v1/units").then().body("total", equalTo(1));
        Api.raw(Api.ADMIN_KEY).queryParam("size", 201).get("/api/v1/units").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        Api.raw(Api.ADMIN_KEY).queryParam("sort", "password").get("/api/v1/units").then().statusCode(400)
                .body("errors[0].field", equalTo("sort"));
        Api.raw(Api.ADMIN_KEY).queryParam("parentId", "not-a-uuid").get("/api/v1/units").then().statusCode(400)
                .body("errors[0].field", equalTo("parentId"));
        Api.raw(Api.ADMIN_KEY).get("/api/v1/units/not-a-uuid").then().statusCode(400)
                .body("errors[0].field", equalTo("unitId"));
        Api.raw(Api.ADMIN_KEY).queryParam("kind", "BUREAU").get("/api/v1/units").then().statusCode(400)
                .body("errors[0].field", equalTo("kind")).body("errors[0].message", containsString("UNIT, DEPARTMENT"));
        Api.raw(Api.ADMIN_KEY).queryParam("page", "first").get("/api/v1/units").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        Api.raw(Api.ADMIN_KEY).queryParam("revoked", "maybe").get("/api/v1/api-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("revoked")).body("errors[0].message", containsString("true or false"));
    }
}
