package kaoping.access;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import kaoping.audit.FailedLogins;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.TestClock;

/**
 * Guessing keys is slowed per client address and per key prefix, the trail of it stays bounded, and nobody else's
 * key stops working. Each test's client has its own address (the test profile trusts X-Forwarded-For).
 */
@QuarkusTest
class LoginThrottlingTest extends ApiTest {
    @Inject
    DataSource db;
    @Inject
    FailedLogins failedLogins;
    @Inject
    TestClock clock;

    @BeforeEach
    void stopTime() {
        clock.stop();
    }

    @AfterEach
    void resumeTime() {
        clock.resume();
    }

    private static RequestSpecification from(String address, String key) {
        return Api.raw(key).header("X-Forwarded-For", address);
    }

    private static String guess() {
        return "kp_" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    private long failedLoginRows(String address) {
        return Long.parseLong(selectOne(db, "select count(*) from audit_events where outcome = 'FAILED_LOGIN' "
                + "and client_address = ?", address));
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedUncheckedButItsOtherUsersKeysWork() {
        String office = "203.0.113.7";
        String colleague = newKey(Set.of("EVALUATOR"), null);
        for (int i = 0; i < 20; i++) {
            from(office, guess()).get("/api/v1/units").then().statusCode(401);
        }
        from(office, guess()).get("/api/v1/units").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "3").body("status", equalTo(429)).body("detail", containsString("3 s"));
        // 200 people behind one NAT address: a real key is still checked, and works
        from(office, colleague).get("/api/v1/units").then().statusCode(200);
        from("203.0.113.8", guess()).get("/api/v1/units").then().statusCode(401);
        clock.advance(Duration.ofSeconds(3));
        from(office, guess()).get("/api/v1/units").then().statusCode(401); // one more failure per 3 s
        from(office, guess()).get("/api/v1/units").then().statusCode(429).header("Retry-After", "3");

        // a flood from the address: each refusal is counted, not written; one row says how many there were
        for (int i = 0; i < 200; i++) {
            from(office, guess()).get("/api/v1/units").then().statusCode(429);
        }
        assertEquals(21, failedLoginRows(office), "the failures checked, one row each");
        failedLogins.recordRepeats();
        assertEquals(22, failedLoginRows(office));
        List<String> summary = Api.withKey(newKey(Set.of("AUDITOR"), null))
                .get("/api/v1/audit-events?outcome=FAILED_LOGIN&size=200").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.clientAddress == '" + office + "' && it.status == 429 }.detail");
        assertEquals(1, summary.size());
        assertTrue(summary.get(0).startsWith("202 failed logins from " + office), summary.get(0));
    }

    @Test
    void guessingOneKeyFromManyAddressesLocksOutNoOtherKey() {
        String attacked = newKey(Set.of("EVALUATOR"), null);
        String other = newKey(Set.of("EVALUATOR"), null);
        String prefix = attacked.substring(0, 7);
        for (int i = 0; i < 10; i++) {
            from("198.51.100." + i, prefix + guess().substring(7)).get("/api/v1/units").then().statusCode(401);
        }
        from("198.51.100.50", prefix + guess().substring(7)).get("/api/v1/units").then().statusCode(429)
                .header("Retry-After", "6");
        from("198.51.100.50", other).get("/api/v1/units").then().statusCode(200);
        from("198.51.100.0", other).get("/api/v1/units").then().statusCode(200);
    }
}
