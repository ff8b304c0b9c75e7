package kaoping;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class SmokeTest extends ApiTest {
    @Test
    void createsTheJinjiangPlanInOneCallAndReadsItsTreeBack() {
        var unit = newUnit("泉州市晋江生态环境局");
        String key = evaluatorKey();
        String planId = Api.withKey(key).body(jinjiangPlan(unit, 2021)).post("/api/v1/plans")
                .then().statusCode(201).extract().path("id");
        Api.withKey(key).get("/api/v1/plans/" + planId + "/indicators").then().statusCode(200)
                .body("leafCount", equalTo(54)).body("consistent", equalTo(true));
    }
}
