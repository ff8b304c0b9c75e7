package kaoping.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The S3 store against AWS's published signing example and against a small in-process S3 (objects in memory) that
 * checks each request's signature and payload hash the way S3 does. No real object store is reachable here.
 */
class S3BlobStoreTest {
    private static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void signsLikeTheAwsDocumentationExample() {
        // "Example: GET Object" of the S3 SigV4 documentation
        Map<String, String> headers = Map.of("host", "examplebucket.s3.amazonaws.com", "range", "bytes=0-9",
                "x-amz-content-sha256", SigV4.EMPTY_PAYLOAD, "x-amz-date", "20130524T000000Z");
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                SigV4.authorization("GET", "/test.txt", "", headers, ACCESS, SECRET, "us-east-1"));
    }

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private HttpServer server;
    private S3BlobStore store;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/kaoping", this::handle);
        server.start();
        store = new S3BlobStore(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "kaoping", "evidence/",
                "cn-north-1", ACCESS, SECRET);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String hash = ex.getRequestHeaders().getFirst("x-amz-content-sha256");
        Map<String, String> signed = new TreeMap<>();
        signed.put("host", ex.getRequestHeaders().getFirst("Host"));
        signed.put("x-amz-date", ex.getRequestHeaders().getFirst("x-amz-date"));
        signed.put("x-amz-content-sha256", hash);
        if (ex.getRequestHeaders().containsKey("range")) {
            signed.put("range", ex.getRequestHeaders().getFirst("range"));
        }
        String expected = SigV4.authorization(ex.getRequestMethod(), path, query, signed, ACCESS, SECRET, "cn-north-1");
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization")) || !hash.equals(sha256(body))) {
            reply(ex, 403, new byte[0]);
            return;
        }
        String key = path.length() > "/kaoping/".length() ? path.substring("/kaoping/".length()) : "";
        switch (ex.getRequestMethod()) {
            case "PUT" -> {
                objects.put(key, body);
                reply(ex, 200, new byte[0]);
            }
            case "DELETE" -> {
                objects.remove(key);
                reply(ex, 204, null);
            }
            default -> {
                if (query.contains("list-type=2")) {
                    reply(ex, 200, listing(query).getBytes(StandardCharsets.UTF_8));
                } else if (!objects.containsKey(key)) {
                    reply(ex, 404, new byte[0]);
                } else {
                    String[] range = ex.getRequestHeaders().getFirst("range").substring("bytes=".length()).split("-");
                    reply(ex, 206, Arrays.copyOfRange(objects.get(key), Integer.parseInt(range[0]), Integer.parseInt(range[1]) + 1));
                }
            }
        }
    }

    /** Two keys per page, so the store has to follow continuation tokens. */
    private String listing(String query) {
        List<String> keys = objects.keySet().stream().filter(k -> k.startsWith("evidence/")).toList();
        int from = query.contains("continuation-token=") ? Integer.parseInt(query.replaceAll(".*continuation-token=(\\d+).*", "$1")) : 0;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>");
        keys.subList(from, Math.min(from + 2, keys.size())).forEach(k -> xml.append("<Contents><Key>").append(k)
                .append("</Key><LastModified>").append(Instant.parse("2026-11-23T08:00:00Z")).append("</LastModified></Contents>"));
        boolean more = from + 2 < keys.size();
        xml.append("<IsTruncated>").append(more).append("</IsTruncated>");
        if (more) {
            xml.append("<NextContinuationToken>").append(from + 2).append("</NextContinuationToken>");
        }
        return xml.append("</ListBucketResult>").toString();
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body == null ? -1 : body.length == 0 ? -1 : body.length);
        if (body != null && body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void putsReadsRangesListsAndDeletes(@TempDir Path dir) throws IOException {
        for (String content : List.of("验收报告第一页", "现场照片", "会议录音", "督查视频")) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            Path file = Files.write(dir.resolve(sha256(bytes)), bytes);
            store.put(sha256(bytes), file);
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
        assertThrows(IOException.class, () -> store.open(sha256(report), 0, 1));
    }

    @Test
    void aFileWhoseBytesDoNotMatchItsNameIsRefusedByTheStore(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x"), "篡改的内容");
        assertThrows(IOException.class, () -> store.put(sha256("原来的内容".getBytes(StandardCharsets.UTF_8)), file));
        assertTrue(objects.isEmpty());
    }
}
