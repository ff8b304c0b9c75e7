package kaoping.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import kaoping.client.ApiClient;
import kaoping.client.ApiException;
import kaoping.client.api.ApiKeysApi;
import kaoping.client.api.IndicatorsApi;
import kaoping.client.api.PlansApi;
import kaoping.client.api.ScoringApi;
import kaoping.client.api.UnitsApi;
import kaoping.client.model.ApiKeyCreated;
import kaoping.client.model.ApiKeyInput;
import kaoping.client.model.IndicatorNode;
import kaoping.client.model.IndicatorPatch;
import kaoping.client.model.IndicatorTree;
import kaoping.client.model.Plan;
import kaoping.client.model.PlanInput;
import kaoping.client.model.Role;
import kaoping.client.model.ScoreResult;
import kaoping.client.model.Scoring;
import kaoping.client.model.ScoringMethod;
import kaoping.client.model.ScoringPatch;
import kaoping.client.model.Unit;
import kaoping.client.model.UnitInput;
import kaoping.client.model.UnitKind;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/**
 * The Java client the build generates from the contract (openapi-generator, library native) against the running API,
 * as an office system would use it: what it types wrongly does not compile or fails here.
 */
@QuarkusTest
class GeneratedClientTest extends ApiTest {

    private static ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("X-API-Key", key));
        return client;
    }

    @Test
    void aGeneratedClientCreatesAUnitAKeyAPlanAndPatchesATarget() throws ApiException {
        ApiClient admin = client(Api.ADMIN_KEY);
        Unit unit = new UnitsApi(admin).createUnit(new UnitInput().name("晋江市数据管理局").kind(UnitKind.UNIT)
                .code("C" + UUID.randomUUID().toString().substring(0, 8)).series("第二系列参评单位"));
        ApiKeyCreated key = new ApiKeysApi(admin).createApiKey(new ApiKeyInput().name("OA").roles(Set.of(Role.EVALUATOR)));
        // the roles a key answers with are the type its input takes (uniqueItems on both: a Set in both)
        new ApiKeyInput().roles(key.getRoles());

        ApiClient evaluator = client(key.getKey());
        Plan plan = new PlansApi(evaluator).createPlan(new PlanInput().title("2035年度数据管理局考评表").year(2035)
                .unitId(unit.getId()).indicators(List.of(new IndicatorNode().code("1").name("职能工作目标")
                        .weight(new BigDecimal("100")).children(List.of(
                                new IndicatorNode().code("1-1").name("数据共享").weight(new BigDecimal("60"))
                                        .scoring(new Scoring().method(ScoringMethod.RATIO).target(new BigDecimal("20")).unit("个")),
                                new IndicatorNode().code("1-2").name("平台建设").weight(new BigDecimal("40")))))), null);

        IndicatorsApi indicators = new IndicatorsApi(evaluator);
        IndicatorTree tree = indicators.getIndicatorTree(plan.getId(), null);
        assertEquals(3, tree.getNodeCount());
        IndicatorNode leaf = tree.getIndicators().get(0).getChildren().get(0);
        String etag = indicators.getIndicatorWithHttpInfo(plan.getId(), leaf.getId()).getHeaders().get("ETag").get(0);

        // a typed merge patch: code removed (null), one scoring parameter changed, everything else kept
        IndicatorNode patched = indicators.updateIndicator(plan.getId(), leaf.getId(), etag,
                new IndicatorPatch().code(null).scoring(new ScoringPatch().target(new BigDecimal("25"))));
        assertNull(patched.getCode());
        assertEquals(ScoringMethod.RATIO, patched.getScoring().getMethod());
        assertEquals(0, new BigDecimal("25").compareTo(patched.getScoring().getTarget()));
        assertEquals("个", patched.getScoring().getUnit());
        assertEquals("数据共享", patched.getName());

        ScoreResult score = new ScoringApi(evaluator).getPlanScore(plan.getId(), null);
        assertFalse(score.getComplete());
        assertEquals(0, BigDecimal.ZERO.compareTo(score.getFinalScore()));

        // If-Match is required by the contract, so the client refuses to send the patch without it
        assertThrows(ApiException.class, () -> indicators.updateIndicator(plan.getId(), leaf.getId(), null, new IndicatorPatch()));
    }
}
