package kaoping.evidence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Relay;
import kaoping.support.S3Server;

/**
 * The app with its evidence in a real S3 API (S3Proxy), reached through a relay that can stop answering: a store that
 * hangs turns readiness DOWN and uploads into prompt 503s, holds up no sweep, and all is well once it answers again.
 */
@QuarkusTest
@TestProfile(S3EvidenceTest.OnS3.class)
class S3EvidenceTest extends ApiTest {
    @Inject
    EvidenceSweep sweep;
    @Inject
    BlobStore blobs;

    @Test
    void evidenceLivesInTheStoreAndAStoreThatHangsIsNotReadyAndRefusesUploadsPromptly() throws Exception {
        EvidenceTest.Setup s = EvidenceTest.setup();
        byte[] pdf = EvidenceTest.sample("pdf");
        String id = EvidenceTest.upload(s.coordinator(), s.evidence(), "验收报告.pdf", pdf).statusCode(201).extract().path("id");
        byte[] range = Api.withKey(s.coordinator()).header("Range", "bytes=5-7").get("/api/v1/evidence/" + id + "/content")
                .then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(pdf, 5, 8), range);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*\\nkaoping_evidence_stored_bytes_total(\\{[^}]*})? [1-9].*"))
                .body(matchesPattern("(?s).*\\nkaoping_evidence_uploads_seconds_active_count(\\{[^}]*})? 0\\.0\\n.*"));

        S3Resource.relay.stopAnswering();
        // readiness asks within the connect timeout (2 s here)
        assertTimeoutPreemptively(Duration.ofSeconds(8), () -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'evidence store' }.status", equalTo("DOWN")));
        // all attempts of a call within the call timeout (6 s here; 25 s by default)
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> EvidenceTest.upload(s.coordinator(), s.evidence(),
                "现场照片.txt", "现场照片说明".getBytes(StandardCharsets.UTF_8)).statusCode(503)
                .header("Retry-After", "30").body("type", equalTo("urn:kaoping:problem:store-unavailable")));
        Api.withKey(s.coordinator()).get("/api/v1/evidence/" + id + "/content").then().statusCode(503)
                .body("detail", startsWith("The evidence store does not answer"));
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> sweep.sweep(Duration.ZERO), "the sweep gives up, not hangs");

        S3Resource.relay.answer();
        given().get("/q/health/ready").then().statusCode(200);
        // the sweep removes what no record points to from the store, and keeps what one does
        byte[] orphan = "没有记录的文件".getBytes(StandardCharsets.UTF_8);
        String orphanSha = S3BlobStoreTest.sha256(orphan);
        Path file = Files.write(Files.createTempFile("orphan", ".txt"), orphan);
        blobs.put(orphanSha, file);
        sweep.sweep(Duration.ZERO);
        List<String> kept = blobs.list().stream().map(BlobStore.Stored::sha256).toList();
        assertTrue(kept.contains(S3BlobStoreTest.sha256(pdf)), kept.toString());
        assertFalse(kept.contains(orphanSha), kept.toString());
    }

    public static class OnS3 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3Resource.class));
        }
    }

    /** S3Proxy and the relay in front of it, for this profile's app. */
    public static class S3Resource implements QuarkusTestResourceLifecycleManager {
        static Relay relay;
        private S3Server server;

        @Override
        public Map<String, String> start() {
            try {
                server = S3Server.start(Files.createTempDirectory("kaoping-s3"));
                relay = new Relay(server.endpoint);
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start", e);
            }
            return Map.of("kaoping.evidence.store", "s3",
                    "kaoping.evidence.s3.endpoint", relay.uri().toString(),
                    "kaoping.evidence.s3.bucket", S3Server.BUCKET,
                    "kaoping.evidence.s3.access-key", S3Server.ACCESS_KEY,
                    "kaoping.evidence.s3.secret-key", S3Server.SECRET_KEY,
                    "kaoping.evidence.s3.connect-timeout", "2s",
                    "kaoping.evidence.s3.request-timeout", "3s",
                    "kaoping.evidence.s3.call-timeout", "6s");
        }

        @Override
        public void stop() {
            try {
                relay.close();
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
