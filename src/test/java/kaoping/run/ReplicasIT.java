package kaoping.run;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kaoping.support.Api;

/**
 * Two replicas of the packaged app on one database: what one of them keeps in memory (a plan's tree, the plan list, the API
 * keys it has checked) never outlives a change made through the other. The first brings its embedded PostgreSQL; the second
 * is configured with its URL, as a replica is.
 */
class ReplicasIT {
    @Test
    void aChangeThroughOneReplicaIsSeenThroughTheOther(@TempDir Path first, @TempDir Path second) throws Exception {
        try (PackagedApp a = PackagedApp.start(first, PackagedApp.freePort(), Map.of())) {
            String port = Files.readAllLines(first.resolve("postgres/postmaster.pid")).get(3).trim();
            try (PackagedApp b = PackagedApp.start(second, PackagedApp.freePort(), Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                    "QUARKUS_DATASOURCE_USERNAME", "kaoping",
                    "QUARKUS_DATASOURCE_PASSWORD", Files.readString(first.resolve("kaoping.password")).trim(),
                    "QUARKUS_FLYWAY_USERNAME", "postgres",
                    "QUARKUS_FLYWAY_PASSWORD", Files.readString(first.resolve("postgres.password")).trim(),
                    "KAOPING_KEY_SECRET", Files.readString(first.resolve("key-secret")).trim()))) {
                String unit = Api.admin().port(a.port).body(Api.map("name", "晋江市生态环境局", "kind", "UNIT"))
                        .post("/api/v1/units").then().statusCode(201).extract().path("id");
                Map<String, Object> key = Api.admin().port(a.port).body(Api.map("name", "绩效办", "roles", List.of("EVALUATOR")))
                        .post("/api/v1/api-keys").then().statusCode(201).extract().path("$");
                String evaluator = (String) key.get("key");
                String plan = Api.withKey(evaluator).port(a.port).body("{\"title\":\"考评表\",\"year\":2021,\"unitId\":\""
                        + unit + "\",\"indicators\":[{\"name\":\"目标\",\"weight\":100}]}").post("/api/v1/plans")
                        .then().statusCode(201).extract().path("id");
                String tree = "/api/v1/plans/" + plan + "/indicators";

                // b reads the tree and keeps it (and the key)
                String etag = Api.withKey(evaluator).port(b.port).get(tree).then().statusCode(200).extract().header("ETag");
                Api.withKey(evaluator).port(b.port).header("If-None-Match", etag).get(tree).then().statusCode(304);

                // a changes it; b's very next read shows the change
                Api.withKey(evaluator).port(a.port).header("If-Match", etag).body(Map.of("indicators",
                        List.of(Map.of("name", "新目标", "weight", 100)))).put(tree).then().statusCode(200);
                Api.withKey(evaluator).port(b.port).header("If-None-Match", etag).get(tree).then().statusCode(200)
                        .body(containsString("新目标"));

                // b keeps the plan list too; a renames the plan (in ASCII: RestAssured sends a merge patch in
                // ISO-8859-1 unless told otherwise); b's very next page shows the new title
                String list = "/api/v1/plans?unitId=" + unit;
                String page = Api.withKey(evaluator).port(b.port).get(list).then().statusCode(200).extract().header("ETag");
                Api.withKey(evaluator).port(b.port).header("If-None-Match", page).get(list).then().statusCode(304);
                String version = Api.withKey(evaluator).port(a.port).get("/api/v1/plans/" + plan).then().extract().header("ETag");
                Api.withKey(evaluator).port(a.port).header("If-Match", version).header("Content-Type", "application/merge-patch+json")
                        .body(Map.of("title", "2021 revised")).patch("/api/v1/plans/" + plan).then().statusCode(200);
                Api.withKey(evaluator).port(b.port).header("If-None-Match", page).get(list).then().statusCode(200)
                        .body(containsString("2021 revised"));

                // a revokes the key b knows from memory: b refuses it promptly
                Api.admin().port(a.port).delete("/api/v1/api-keys/" + key.get("id")).then().statusCode(204);
                Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
                int status;
                do {
                    status = Api.raw(evaluator).port(b.port).get(tree).then().extract().statusCode();
                } while (status == 200 && Instant.now().isBefore(deadline));
                assertEquals(401, status, "a key revoked through one replica is refused by the other within 2 s");
            }
        }
    }
}
