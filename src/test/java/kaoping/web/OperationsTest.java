package kaoping.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/**
 * What an operator watches: Prometheus metrics by route template, access-log lines with route, status, role and
 * unit (printed as JSON objects in this profile), and readiness that covers the data directory's disk
 * (here with a threshold no disk meets) while liveness stays trivial.
 */
@QuarkusTest
@TestProfile(OperationsTest.NoDiskIsEnough.class)
class OperationsTest extends ApiTest {
    @Test
    void requestsAreCountedByRouteTemplateAndStatusNotByRawPath() {
        UUID unit = newUnit("晋江市生态环境局");
        UUID plan = newPlan("""
                {"title": "考评表", "year": 2021, "unitId": "%s", "indicators": [
                  {"code": "1", "name": "实施20个大气减排治理项目", "weight": 100}]}""".formatted(unit));
        Api.withKey(evaluatorKey()).get("/api/v1/plans/" + plan).then().statusCode(200);
        given().header("X-API-Key", "kp_not-a-key").get("/api/v1/units").then().statusCode(401);

        given().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                        + "[^}]*uri=\"/api/v1/plans/\\{planId}\"[^}]*} [1-9].*"))
                .body(not(containsString(plan.toString())))
                .body(containsString("agroal_active_count"))
                .body(matchesPattern("(?s).*kaoping_logins_failed_total\\{credential=\"api-key\"[^}]*} [1-9].*"));
    }

    @Test
    void theAccessLogLineCarriesRouteStatusRoleAndUnit() throws Exception {
        UUID unit = newUnit("晋江市生态环境局");
        UUID plan = newPlan("""
                {"title": "考评表", "year": 2021, "unitId": "%s", "indicators": [
                  {"code": "1", "name": "实施20个大气减排治理项目", "weight": 100}]}""".formatted(unit));
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        BlockingQueue<ExtLogRecord> lines = new LinkedBlockingQueue<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && record.getMessage().contains("/api/v1/plans/" + plan)) {
                    lines.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger accessLog = Logger.getLogger("io.quarkus.http.access-log");
        accessLog.addHandler(handler);
        try {
            // the plan on a worker thread; its tree computed there, then answered from memory on the event loop
            Api.withKey(coordinator).get("/api/v1/plans/" + plan).then().statusCode(200);
            Api.withKey(coordinator).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200);
            Api.withKey(coordinator).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200);
            for (List<String> expected : List.of(List.of("/api/v1/plans/{planId}", "executor-thread"),
                    List.of("/api/v1/plans/{planId}/indicators", "executor-thread"),
                    List.of("/api/v1/plans/{planId}/indicators", "vert.x-eventloop-thread"))) {
                String route = expected.get(0);
                ExtLogRecord line = lines.poll(10, TimeUnit.SECONDS); // written once the response has gone
                assertNotNull(line, "no access-log line for " + route);
                // the line is written where the answer came from: the operation's worker or, from memory, the event loop
                assertTrue(line.getThreadName().startsWith(expected.get(1)), line.getThreadName());
                Map<String, String> mdc = line.getMdcCopy();
                assertEquals(route, mdc.get("route"));
                assertEquals("200", mdc.get("status"));
                assertEquals("UNIT_COORDINATOR", mdc.get("role"));
                assertEquals(unit.toString(), mdc.get("unit"));
                assertTrue(mdc.get("requestId") != null && !mdc.containsValue(coordinator), mdc.toString());
            }
        } finally {
            accessLog.removeHandler(handler);
        }
    }

    @Test
    void readinessIsDownWhenTheDataDirectoryDiskIsBelowTheThresholdAndLivenessStaysUp() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'data directory disk' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'evidence store' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    public static class NoDiskIsEnough implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kaoping.health.min-free-disk", "1000000T", "quarkus.log.console.json.enabled", "true");
        }
    }
}
