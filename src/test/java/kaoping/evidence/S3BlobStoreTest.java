package kaoping.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kaoping.support.Relay;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import kaoping.support.S3Server;

/** The S3 store against a real S3 API (S3Proxy in its own process), and against a store that stops answering. */
class S3BlobStoreTest {
    @TempDir
    static Path dir;
    private static S3Server server;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(dir.resolve("s3"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    /** Timeouts a loaded build machine meets for 8 MiB parts. */
    private static S3BlobStore store(URI endpoint, String secret, String prefix) {
        return store(endpoint, secret, prefix, Duration.ofSeconds(20));
    }

    /** Connect and attempt timeouts of a third of the call's. */
    private static S3BlobStore store(URI endpoint, String secret, String prefix, Duration call) {
        return new S3BlobStore(new S3BlobStore.Settings(endpoint, S3Server.BUCKET, prefix, "us-east-1",
                S3Server.ACCESS_KEY, secret, call.dividedBy(3), call.dividedBy(3), call, 3));
    }

    @Test
    void putsReadsRangesListsAndDeletes() throws IOException {
        S3BlobStore store = store(server.endpoint, S3Server.SECRET_KEY, "small/");
        for (String content : List.of("验收报告第一页", "现场照片", "会议录音", "督查视频")) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            store.put(sha256(bytes), Files.write(dir.resolve(sha256(bytes)), bytes));
        }
        byte[] report = "验收报告第一页".getBytes(StandardCharsets.UTF_8);
        try (InputStream in = store.open(sha256(report), 3, 6)) {
            assertArrayEquals(Arrays.copyOfRange(report, 3, 9), in.readAllBytes());
        }
        List<BlobStore.Stored> listed = store.list();
        assertEquals(4, listed.size());
        assertTrue(listed.stream().anyMatch(b -> b.sha256().equals(sha256(report))));
        store.delete(sha256(report));
        assertEquals(3, store.list().size());
        assertThrows(NoSuchFileException.class, () -> store.open(sha256(report), 0, 1));
        store.check();
    }

    @Test
    void aLargeFileGoesUpInPartsAndReadsBackAcrossThem() throws IOException {
        S3BlobStore store = store(server.endpoint, S3Server.SECRET_KEY, "large/");
        byte[] bytes = new byte[(int) S3BlobStore.PART * 2 + 12345]; // three parts, the last one short
        new Random(7).nextBytes(bytes);
        String sha = sha256(bytes);
        store.put(sha, Files.write(dir.resolve("large.bin"), bytes));
        long boundary = S3BlobStore.PART;
        try (InputStream in = store.open(sha, boundary - 100, 200)) {
            assertArrayEquals(Arrays.copyOfRange(bytes, (int) boundary - 100, (int) boundary + 100), in.readAllBytes());
        }
        try (InputStream in = store.open(sha, 0, bytes.length)) {
            assertEquals(sha, sha256(in.readAllBytes()));
        }
        // an object made of parts has the ETag "<md5 of the parts' md5s>-<parts>"
        try (S3Client s3 = S3Client.builder().endpointOverride(server.endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(() -> AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertTrue(s3.headObject(b -> b.bucket(S3Server.BUCKET).key("large/" + sha)).eTag().endsWith("-3\""));
        }
        assertEquals(List.of(sha), store.list().stream().map(BlobStore.Stored::sha256).toList());
    }

    @Test
    void aWrongSecretIsAClearError() {
        S3BlobStore store = store(server.endpoint, "not-the-secret", "denied/");
        byte[] bytes = "会议纪要".getBytes(StandardCharsets.UTF_8);
        BlobStore.Unavailable e = assertThrows(BlobStore.Unavailable.class,
                () -> store.put(sha256(bytes), Files.write(dir.resolve("denied"), bytes)));
        assertTrue(e.getMessage().contains("refused the credentials (403"), e.getMessage());
        assertTrue(e.getMessage().contains("KAOPING_S3_SECRET_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), "the secret itself is never in a message");
        assertThrows(BlobStore.Unavailable.class, store::check);
    }

    @Test
    void aStoreThatAcceptsButNeverAnswersFailsEveryCallWithinItsTimeout() throws Exception {
        try (Relay hanging = new Relay(server.endpoint)) {
            hanging.stopAnswering();
            S3BlobStore store = store(hanging.uri(), S3Server.SECRET_KEY, "hanging/", Duration.ofSeconds(3));
            byte[] bytes = new byte[(int) S3BlobStore.PART + 1]; // also a multipart upload's first call
            Path file = Files.write(dir.resolve("hanging.bin"), bytes);
            // call timeout 3 s: each call gives up within it, retries included, instead of hanging
            Duration bound = Duration.ofSeconds(6);
            assertTimeoutPreemptively(bound, () -> assertThrows(BlobStore.Unavailable.class, () -> store.put(sha256(bytes), file)));
            assertTimeoutPreemptively(bound, () -> assertThrows(BlobStore.Unavailable.class, store::list));
            assertTimeoutPreemptively(bound, () -> assertThrows(BlobStore.Unavailable.class, () -> store.open(sha256(bytes), 0, 1)));
            assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThrows(BlobStore.Unavailable.class, store::check));

            hanging.answer(); // and it recovers by itself
            store.check();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
