package kaoping.access;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** A copy of the keys table or the audit trail gives nothing to find a key with. */
@QuarkusTest
class KeySecretsTest extends ApiTest {
    @Inject
    DataSource db;
    @Inject
    ApiKeyService keys;

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private String stored(String column, String id) {
        return selectOne(db, "select " + column + " from api_keys where id = ?::uuid", id);
    }

    @Test
    void aStoredHashIsKeyedWithTheServersSecretAndTheTrailHoldsNoSecret() throws Exception {
        var created = Api.admin().body(Api.map("name", "晋江市OA系统", "roles", List.of("EVALUATOR")))
                .post("/api/v1/api-keys").then().statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        String id = created.getString("id");
        assertEquals(key.substring(0, 7), created.getString("prefix"), "kp_ and 4 random characters");
        // the plain SHA-256 an offline guesser would compare with is not what the table holds
        String hash = stored("key_hash", id);
        assertNotEquals(sha256(key), hash);
        assertEquals(64, hash.length());
        Api.admin().delete("/api/v1/api-keys/" + id).then().statusCode(204);

        List<Map<String, Object>> trail = Api.withKey(newKey(Set.of("AUDITOR"), null))
                .get("/api/v1/audit-events?entityId=" + id).then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(List.of("UPDATE", "CREATE"), trail.stream().map(e -> e.get("change")).toList());
        for (Map<String, Object> event : trail) {
            for (String side : List.of("before", "after")) {
                Map<?, ?> fields = (Map<?, ?>) event.get(side);
                if (fields != null) {
                    assertFalse(fields.containsKey("key_hash") || fields.containsKey("prefix")
                            || fields.containsKey("hash_scheme"), side + " of " + event.get("change") + ": " + fields);
                }
            }
        }
        Map<?, ?> createdRow = (Map<?, ?>) trail.get(1).get("after");
        assertEquals("晋江市OA系统", createdRow.get("name"), "the rest of the row is recorded as before");
        assertTrue(((Map<?, ?>) trail.get(0).get("after")).containsKey("revokedAt"));
    }

    @Test
    void keysStoredBeforeTheSecretAreRehashedAndKeepWorking() throws Exception {
        String key = "kp_legacy" + UUID.randomUUID().toString().replace("-", "");
        String id = UUID.randomUUID().toString();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into api_keys (id, name, prefix, key_hash, hash_scheme, roles, created_at) "
                        + "values (?::uuid, 'legacy', ?, ?, 'SHA256', 'EVALUATOR', now())")) {
            s.setString(1, id);
            s.setString(2, key.substring(0, 7));
            s.setString(3, sha256(key));
            s.executeUpdate();
        }
        Api.withKey(key).get("/api/v1/units").then().statusCode(401);
        assertTrue(keys.rehashLegacy() >= 1);
        assertEquals("HMAC_SHA256", stored("hash_scheme", id));
        assertNotEquals(sha256(key), stored("key_hash", id));
        Api.withKey(key).get("/api/v1/units").then().statusCode(200);
        assertEquals(0, keys.rehashLegacy(), "done once");
        Api.withKey(key).get("/api/v1/units").then().statusCode(200);
        // rehashing changed nothing the trail records
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?entityId=" + id).then().statusCode(200)
                .body("items.change", equalTo(List.of("CREATE")));
    }
}
