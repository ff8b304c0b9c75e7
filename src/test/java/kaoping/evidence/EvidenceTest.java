package kaoping.evidence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;
import kaoping.support.TestClock;

@QuarkusTest
class EvidenceTest extends ApiTest {
    @Inject
    EvidenceSweep sweep;
    @Inject
    BlobStore blobs;
    @Inject
    TestClock clock;

    /** A unit with a 2-leaf plan and its coordinator's key. */
    record Setup(UUID unit, UUID plan, String leaf, String otherLeaf, String coordinator) {
        String evidence() {
            return "/api/v1/plans/" + plan + "/indicators/" + leaf + "/evidence";
        }
    }

    static Setup setup() {
        UUID unit = newUnit("晋江市生态环境局");
        UUID plan = newPlan("""
                {"title": "考评表", "year": 2021, "unitId": "%s", "indicators": [
                  {"code": "1", "name": "实施20个大气减排治理项目", "weight": 60},
                  {"code": "2", "name": "推进生态文明试验", "weight": 40}]}""".formatted(unit));
        var tree = Api.withKey(evaluatorKey()).get("/api/v1/plans/" + plan + "/indicators").then().extract();
        setStatus(plan, PlanStatus.PUBLISHED); // evidence is collected once the plan is published
        return new Setup(unit, plan, tree.path("indicators[0].id"), tree.path("indicators[1].id"),
                newKey(Set.of("UNIT_COORDINATOR"), unit));
    }

    static ValidatableResponse upload(String key, String url, String filename, byte[] bytes) {
        return new Multipart().file("file", filename, bytes).request(key).post(url).then();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] padded(String head, int size) {
        return Arrays.copyOf(bytes(head), size);
    }

    private static byte[] image(String format) throws IOException {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0x2e7d32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), format);
        return out.toByteArray();
    }

    private static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(("<x>" + entry + "</x>").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] sample(String kind) throws IOException {
        return switch (kind) {
            case "pdf" -> bytes("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n");
            case "ofd" -> zip("OFD.xml", "Doc_0/Document.xml");
            case "png", "jpeg", "gif", "tiff" -> image(kind);
            case "webp" -> padded("RIFF\u0024\u0000\u0000\u0000WEBPVP8 ", 64);
            case "heic" -> padded("\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic", 64);
            case "mp3" -> padded("ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000", 256);
            case "wav" -> padded("RIFF\u0024\u0000\u0000\u0000WAVEfmt \u0010\u0000\u0000\u0000", 64);
            case "m4a" -> padded("\u0000\u0000\u0000\u0020ftypM4A \u0000\u0000\u0000\u0000M4A mp42isom", 64);
            case "amr" -> padded("#!AMR\n", 32);
            case "mp4" -> padded("\u0000\u0000\u0000\u0020ftypmp42\u0000\u0000\u0000\u0000mp42isomavc1", 64);
            case "mov" -> padded("\u0000\u0000\u0000\u0014ftypqt  \u0000\u0000\u0000\u0000qt  ", 64);
            case "avi" -> padded("RIFF\u0024\u0000\u0000\u0000AVI LIST", 64);
            case "docx" -> zip("[Content_Types].xml", "word/document.xml");
            case "xlsx" -> zip("[Content_Types].xml", "xl/workbook.xml");
            case "pptx" -> zip("[Content_Types].xml", "ppt/presentation.xml");
            case "doc", "wps" -> padded("\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1", 1024);
            case "msi" -> padded("\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1installer", 1024);
            case "txt" -> "2021年度大气减排治理项目完成情况说明\n完成17个项目。\n".getBytes(StandardCharsets.UTF_8);
            case "zip" -> zip("照片/现场1.jpg", "照片/现场2.jpg");
            case "exe" -> padded("MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u00ff\u00ff", 1024);
            case "sh" -> bytes("#!/bin/sh\nrm -rf /\n");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pdf, 验收报告.pdf, application/pdf, DOCUMENT",
        "ofd, 批复文件.ofd, application/ofd, DOCUMENT",
        "png, 现场照片.png, image/png, PHOTO",
        "jpeg, 现场照片.jpg, image/jpeg, PHOTO",
        "gif, 图示.gif, image/gif, PHOTO",
        "tiff, 扫描件.tif, image/tiff, PHOTO",
        "webp, 照片.webp, image/webp, PHOTO",
        "heic, 手机照片.heic, image/heic, PHOTO",
        "mp3, 会议录音.mp3, audio/mpeg, AUDIO",
        "wav, 录音.wav, audio/vnd.wave, AUDIO",
        "m4a, 录音.m4a, audio/mp4, AUDIO",
        "amr, 电话录音.amr, audio/amr, AUDIO",
        "mp4, 督查视频.mp4, video/mp4, VIDEO",
        "mov, 视频.mov, video/quicktime, VIDEO",
        "avi, 视频.avi, video/x-msvideo, VIDEO",
        "docx, 总结.docx, application/vnd.openxmlformats-officedocument.wordprocessingml.document, DOCUMENT",
        "xlsx, 台账.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, DOCUMENT",
        "pptx, 汇报.pptx, application/vnd.openxmlformats-officedocument.presentationml.presentation, DOCUMENT",
        "doc, 旧文件.doc, application/msword, DOCUMENT",
        "wps, 金山文档.wps, application/vnd.ms-works, DOCUMENT",
        "txt, 说明.txt, text/plain, DOCUMENT",
        "zip, 照片打包.zip, application/zip, DOCUMENT",
    })
    void everyAllowedKindRoundTripsByteForByte(String kind, String filename, String type, String category) throws Exception {
        Setup s = setup();
        byte[] bytes = sample(kind);
        String id = upload(s.coordinator(), s.evidence(), filename, bytes).statusCode(201)
                .header("Location", containsString("/api/v1/evidence/"))
                .body("contentType", equalTo(type)).body("category", equalTo(category)).body("filename", equalTo(filename))
                .body("size", equalTo(bytes.length)).body("sha256", equalTo(sha256(bytes)))
                .body("status", equalTo("PENDING")).extract().path("id");
        byte[] back = Api.withKey(evaluatorKey()).get("/api/v1/evidence/" + id + "/content").then().statusCode(200)
                .header("Content-Type", startsWith(type)).header("ETag", "\"" + sha256(bytes) + "\"")
                .extract().asByteArray();
        assertArrayEquals(bytes, back);
    }

    @Test
    void downloadsServeRangesConditionalRequestsAndTheUtf8Name() throws Exception {
        Setup s = setup();
        byte[] bytes = sample("txt");
        String id = upload(s.coordinator(), s.evidence(), "完成情况 说明*.txt", bytes).statusCode(201).extract().path("id");
        String content = "/api/v1/evidence/" + id + "/content";
        String etag = "\"" + sha256(bytes) + "\"";
        Api.withKey(s.coordinator()).get(content).then().statusCode(200).header("Accept-Ranges", "bytes")
                .header("Content-Disposition", equalTo("attachment; filename=\"____ __*.txt\"; filename*=UTF-8''"
                        + "%E5%AE%8C%E6%88%90%E6%83%85%E5%86%B5%20%E8%AF%B4%E6%98%8E%2A.txt"));
        byte[] first = Api.withKey(s.coordinator()).header("Range", "bytes=0-9").get(content).then().statusCode(206)
                .header("Content-Range", "bytes 0-9/" + bytes.length).header("Content-Length", "10").extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 10), first);
        byte[] last = Api.withKey(s.coordinator()).header("Range", "bytes=-5").get(content).then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length), last);
        byte[] rest = Api.withKey(s.coordinator()).header("Range", "bytes=" + (bytes.length - 3) + "-").get(content).then()
                .statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 3, bytes.length), rest);
        Api.withKey(s.coordinator()).header("Range", "bytes=" + bytes.length + "-").get(content).then().statusCode(416)
                .header("Content-Range", "bytes */" + bytes.length);
        for (String beyondAnyFile : List.of("bytes=99999999999999999999-", "bytes=-99999999999999999999",
                "bytes=0-99999999999999999999")) {
            Api.withKey(s.coordinator()).header("Range", beyondAnyFile).get(content).then().statusCode(416)
                    .header("Content-Range", "bytes */" + bytes.length).contentType("application/problem+json");
        }
        Api.withKey(s.coordinator()).header("If-None-Match", etag).get(content).then().statusCode(304).header("ETag", etag);
        Api.withKey(s.coordinator()).head(content).then().statusCode(200).header("Content-Length", String.valueOf(bytes.length))
                .header("ETag", etag);
    }

    @Test
    void refusedUploadsLeaveNothingBehind() throws Exception {
        Setup s = setup();
        byte[] pdf = sample("pdf");
        byte[] other = Base64.getEncoder().encode(MessageDigest.getInstance("SHA-256").digest(bytes("something else")));
        new Multipart().file("file", "报告.pdf", pdf).request(s.coordinator())
                .header("Repr-Digest", "sha-256=:" + new String(other, StandardCharsets.US_ASCII) + ":").post(s.evidence()).then().statusCode(400)
                .body("errors.field", contains("Repr-Digest"));
        String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(pdf));
        new Multipart().file("file", "报告.pdf", pdf).request(s.coordinator())
                .header("Repr-Digest", "sha-512=:AAAA:, sha-256=:" + good + ":").post(s.evidence()).then().statusCode(201);
        upload(s.coordinator(), s.evidence(), "报告.pdf", sample("exe")).statusCode(415);
        upload(s.coordinator(), s.evidence(), "run.txt", sample("sh")).statusCode(415);
        upload(s.coordinator(), s.evidence(), "setup.msi", sample("msi")).statusCode(415);
        upload(s.coordinator(), s.evidence(), "大文件.pdf", padded("%PDF-1.4\n", 5 * 1024 * 1024 + 1)).statusCode(413)
                .body("status", equalTo(413));
        new Multipart().field("title", "没有文件").request(s.coordinator()).post(s.evidence()).then().statusCode(400)
                .body("errors.field", contains("file"));
        // only the one good upload was recorded
        Api.withKey(s.coordinator()).get(s.evidence()).then().statusCode(200).body("total", equalTo(1));
        List<String> kept = blobs.list().stream().map(BlobStore.Stored::sha256).toList();
        for (byte[] refused : List.of(sample("exe"), sample("sh"), sample("msi"))) {
            assertFalse(kept.contains(sha256(refused)), "a refused file was kept");
        }
        assertTrue(kept.contains(sha256(pdf)));
        String name = upload(s.coordinator(), s.evidence(), "../../etc/\u202Efdp.exe\u0007年度报告.pdf", pdf).statusCode(201)
                .extract().path("filename");
        assertEquals("fdp.exe年度报告.pdf", name);
    }

    @Test
    void rawBodiesAreHashedAsTheyArriveAndCheckedTheSame() throws Exception {
        Setup s = setup();
        String url = s.evidence() + "/stream";
        byte[] video = sample("mp4");
        String id = Api.upload(s.coordinator()).contentType("application/octet-stream").queryParam("filename", "督查视频.mp4")
                .queryParam("title", "现场督查").body(video).post(url).then().statusCode(201)
                .body("contentType", equalTo("video/mp4")).body("category", equalTo("VIDEO"))
                .body("filename", equalTo("督查视频.mp4")).body("sha256", equalTo(sha256(video))).extract().path("id");
        assertArrayEquals(video, Api.withKey(s.coordinator()).get("/api/v1/evidence/" + id + "/content").then()
                .statusCode(200).extract().asByteArray());
        Api.upload(s.coordinator()).contentType("application/octet-stream").queryParam("filename", "报告.pdf")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":")
                .body(sample("pdf")).post(url).then().statusCode(400).body("errors.field", contains("Repr-Digest"));
        Api.upload(s.coordinator()).contentType("application/octet-stream").queryParam("filename", "报告.pdf")
                .body(sample("exe")).post(url).then().statusCode(415);
        Api.upload(s.coordinator()).contentType("application/octet-stream").queryParam("filename", "大文件.pdf")
                .body(padded("%PDF-1.4\n", 5 * 1024 * 1024 + 1)).post(url).then().statusCode(413);
        Api.upload(s.coordinator()).contentType("application/octet-stream").body(sample("pdf")).post(url).then()
                .statusCode(400).body("errors.field", hasItem("filename"));
        Api.withKey(s.coordinator()).get(s.evidence()).then().body("total", equalTo(1));
        String uploads = ConfigProvider.getConfig().getValue("quarkus.http.body.uploads-directory", String.class);
        try (var left = java.nio.file.Files.list(Path.of(uploads))) {
            assertFalse(left.anyMatch(f -> f.getFileName().toString().startsWith("stream-")), "a refused body was left behind");
        }
    }

    /**
     * curl sends a Chinese filename in the query as raw UTF-8 (RFC 3986 wants it percent-encoded): it is taken as the
     * UTF-8 it is; a target that is no URI at all is refused with a problem naming it and the request id.
     */
    @Test
    void rawUtf8InTheQueryIsReadAsUtf8() throws Exception {
        Setup s = setup();
        byte[] pdf = sample("pdf");
        String answer = rawPost(s.coordinator(), s.evidence() + "/stream?filename=督查报告 2021.pdf&title=现场督查", pdf);
        assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        assertTrue(answer.contains("\"filename\":\"督查报告 2021.pdf\"") && answer.contains("\"title\":\"现场督查\""), answer);
        String refused = rawPost(s.coordinator(), s.evidence() + "/stream?filename=%zz.pdf", pdf);
        assertTrue(refused.startsWith("HTTP/1.1 400"), refused);
        assertTrue(refused.contains("application/problem+json") && refused.contains("\"field\":\"uri\"")
                && refused.contains("\"requestId\""), refused);
        String nul = rawPost(s.coordinator(), s.evidence() + "/stream?filename=a.pdf&title=x%00y", pdf);
        assertTrue(nul.startsWith("HTTP/1.1 400") && nul.contains("\"field\":\"uri\""), nul);
    }

    /** The whole answer to a POST whose request target is sent byte for byte as given, in UTF-8. */
    private static String rawPost(String key, String target, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target.replace(" ", "%20") + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A crash after the bytes are kept and before the record commits: no record, and the sweep removes the blob. */
    @Test
    void aFailureBetweenKeepingTheBytesAndTheRecordLeavesNoOrphan() throws Exception {
        Setup s = setup();
        byte[] bytes = ("中断测试 " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String dataDir = ConfigProvider.getConfig().getValue("kaoping.data-dir", String.class);
        QuarkusMock.installMockForType(new FileBlobStore(dataDir, clock) {
            @Override
            public void put(String sha256, Path file) throws IOException {
                super.put(sha256, file);
                throw new IOException("simulated crash after the blob was kept");
            }
        }, BlobStore.class);
        // a 500 is not in the contract (it is a failure, simulated here), so this answer is not checked against it
        new Multipart().file("file", "说明.txt", bytes).on(given().header("X-API-Key", s.coordinator())).post(s.evidence())
                .then().statusCode(500).contentType("application/problem+json");
        QuarkusMock.installMockForType(new FileBlobStore(dataDir, clock), BlobStore.class);
        Api.withKey(s.coordinator()).get(s.evidence()).then().body("total", equalTo(0));
        String sha = sha256(bytes);
        assertTrue(blobs.list().stream().anyMatch(b -> b.sha256().equals(sha)), "the blob was kept before the failure");
        sweep.sweep(Duration.ofHours(1));
        assertTrue(blobs.list().stream().anyMatch(b -> b.sha256().equals(sha)), "a fresh blob is within the grace");
        // the grace runs on the application's clock: two hours later by it, the orphan is past an hour's grace
        clock.stop().advance(Duration.ofHours(2));
        try {
            sweep.sweep(Duration.ofHours(1));
        } finally {
            clock.resume();
        }
        assertFalse(blobs.list().stream().anyMatch(b -> b.sha256().equals(sha)), "the sweep removed the orphan blob");
        // a blob that a record points to survives any sweep
        String kept = upload(s.coordinator(), s.evidence(), "说明.txt", bytes).statusCode(201).extract().path("id");
        sweep.sweep(Duration.ZERO);
        Api.withKey(s.coordinator()).get("/api/v1/evidence/" + kept + "/content").then().statusCode(200);
    }

    @Test
    void reviewReturnReplaceAndWithdraw() throws Exception {
        Setup s = setup();
        String evaluator = evaluatorKey();
        String id = upload(s.coordinator(), s.evidence(), "验收报告.pdf", sample("pdf")).statusCode(201).extract().path("id");
        String review = "/api/v1/evidence/" + id + "/review";
        Api.withKey(s.coordinator()).header("If-Match", "\"0\"").body(Api.map("decision", "ACCEPTED")).post(review)
                .then().statusCode(403);
        UUID stranger = newPerson("外单位评分人", newUnit("考评组"));
        Api.withKey(assessorKey(stranger)).header("If-Match", "\"0\"").body(Api.map("decision", "ACCEPTED")).post(review)
                .then().statusCode(404);
        Api.raw(evaluator).body(Api.map("decision", "RETURNED", "reason", "缺少盖章页")).post(review).then().statusCode(428);
        Api.withKey(evaluator).header("If-Match", "\"0\"").body(Api.map("decision", "RETURNED")).post(review)
                .then().statusCode(422).body("errors.field", contains("reason"));
        Api.withKey(evaluator).header("If-Match", "\"0\"").body(Api.map("decision", "RETURNED", "reason", "缺少盖章页"))
                .post(review).then().statusCode(200).body("status", equalTo("RETURNED")).header("ETag", "\"1\"");

        String pending = upload(s.coordinator(), s.evidence(), "照片.png", sample("png")).statusCode(201).extract().path("id");
        new Multipart().file("file", "补充.pdf", sample("pdf")).field("replaces", pending).request(s.coordinator())
                .post(s.evidence()).then().statusCode(422).body("errors.field", contains("replaces"));
        Api.withKey(s.coordinator()).get("/api/v1/plans/" + s.plan() + "/evidence-summary").then().statusCode(200)
                .body("leaves[0].files", equalTo(2)).body("leaves[0].pending", equalTo(1))
                .body("leaves[0].returned", equalTo(1)).body("leaves[0].toReplace", equalTo(1));
        Api.withKey(s.coordinator()).get("/api/v1/evidence/" + id).then().body("replacedBy", nullValue());
        String answer = new Multipart().file("file", "验收报告（补充盖章页）.pdf", sample("pdf")).field("replaces", id)
                .field("title", "验收报告").request(s.coordinator()).post(s.evidence()).then().statusCode(201)
                .body("replaces", equalTo(id)).extract().path("id");
        Api.withKey(s.coordinator()).get("/api/v1/evidence/" + id).then().body("replacedBy", equalTo(answer));
        Api.withKey(s.coordinator()).get("/api/v1/plans/" + s.plan() + "/evidence?status=RETURNED").then()
                .body("items.id", contains(id)).body("items[0].replacedBy", equalTo(answer));

        UUID assessor = newPerson("林静", newUnit("考评组"));
        Api.withKey(evaluator).body(Api.map("personId", assessor)).post("/api/v1/plans/" + s.plan() + "/assessors").then().statusCode(201);
        Api.withKey(assessorKey(assessor)).header("If-Match", "\"0\"").body(Api.map("decision", "ACCEPTED"))
                .post("/api/v1/evidence/" + answer + "/review").then().statusCode(200).body("status", equalTo("ACCEPTED"));
        Api.withKey(s.coordinator()).delete("/api/v1/evidence/" + answer).then().statusCode(409);
        setStatus(s.plan(), PlanStatus.EVALUATION);
        Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", 1, "reason", "获评省级示范", "evidenceIds", List.of(answer)))
                .post("/api/v1/plans/" + s.plan() + "/adjustments").then().statusCode(201).body("evidenceIds", contains(answer));

        // withdrawn by its uploader only; kept for the record, gone from lists and counts
        String sameUnit = newKey(Set.of("UNIT_COORDINATOR"), s.unit());
        Api.withKey(sameUnit).delete("/api/v1/evidence/" + pending).then().statusCode(403);
        Api.withKey(s.coordinator()).delete("/api/v1/evidence/" + pending).then().statusCode(204);
        Api.withKey(s.coordinator()).get("/api/v1/evidence/" + pending).then().statusCode(200).body("deleted", equalTo(true));
        Api.withKey(s.coordinator()).get(s.evidence()).then().body("total", equalTo(2));
        Api.withKey(s.coordinator()).get(s.evidence() + "?deleted=true").then().body("total", equalTo(3));
        Api.withKey(s.coordinator()).get("/api/v1/plans/" + s.plan() + "/evidence?status=ACCEPTED").then()
                .body("items.id", contains(answer));

        Api.withKey(evaluator).get("/api/v1/plans/" + s.plan() + "/evidence-summary").then().statusCode(200)
                .body("leafCount", equalTo(2)).body("leavesWithEvidence", equalTo(1))
                .body("withoutEvidence", contains(s.otherLeaf())).body("leaves[0].files", equalTo(2))
                .body("leaves[0].pending", equalTo(0)).body("leaves[0].accepted", equalTo(1))
                .body("leaves[0].returned", equalTo(1)).body("leaves[0].toReplace", equalTo(0));
        Api.withKey(evaluator).get("/api/v1/plans/" + s.plan() + "/indicators").then()
                .body("indicators.evidenceCount", contains(2, 0));
    }

    /**
     * A client that waits for 100 Continue before it sends the body (curl does, for a second) is told to send it once
     * it is admitted, raw or multipart; one who may not upload there gets the refusal instead.
     */
    @Test
    void aClientExpecting100ContinueIsToldToSendOnceAdmitted() throws Exception {
        Setup s = setup();
        byte[] pdf = sample("pdf");
        String raw = s.evidence() + "/stream?filename=a.pdf";
        assertEquals(List.of("HTTP/1.1 100 Continue", "HTTP/1.1 201 Created"),
                expectingContinue(s.coordinator(), raw, "application/octet-stream", pdf));
        Multipart form = new Multipart().file("file", "验收报告.pdf", pdf).field("title", "验收报告");
        assertEquals(List.of("HTTP/1.1 100 Continue", "HTTP/1.1 201 Created"),
                expectingContinue(s.coordinator(), s.evidence(), form.contentType(), form.bytes()));
        String otherUnit = newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市财政局"));
        assertEquals(List.of("HTTP/1.1 404 Not Found"), expectingContinue(otherUnit, raw, "application/octet-stream", pdf));
        assertEquals(List.of("HTTP/1.1 404 Not Found"), expectingContinue(otherUnit, s.evidence(), form.contentType(),
                form.bytes()));
    }

    /**
     * The status lines answered to a POST announcing {@code Expect: 100-continue}: the interim one, if any, and the
     * final one, to which the body is sent only after a 100 (each awaited 10 s at most).
     */
    private static List<String> expectingContinue(String key, String url, String type, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\nContent-Type: " + type
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            if (!first.startsWith("HTTP/1.1 100 ")) {
                return List.of(first);
            }
            in.readLine(); // the empty line that ends the interim answer
            out.write(body);
            out.flush();
            return List.of(first, in.readLine());
        }
    }

    /** 4 MB announced, the first bytes sent: a caller who may not upload there is answered without the rest. */
    @Test
    void aCallerWhoMayNotUploadIsRefusedBeforeTheBodyIsTaken() throws Exception {
        Setup s = setup();
        String otherUnit = newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市财政局"));
        String multipart = "multipart/form-data; boundary=x";
        assertEquals(404, statusBeforeBody(otherUnit, s.evidence(), multipart));
        assertEquals(404, statusBeforeBody(otherUnit, s.evidence() + "/stream?filename=a.pdf", "application/octet-stream"));
        setStatus(s.plan(), PlanStatus.CLOSED);
        assertEquals(409, statusBeforeBody(s.coordinator(), s.evidence(), multipart));
        assertEquals(409, statusBeforeBody(s.coordinator(), s.evidence() + "/stream?filename=a.pdf", "application/octet-stream"));
    }

    /** The status of the answer to an upload whose body is announced and never sent (at most 20 s to answer). */
    private static int statusBeforeBody(String key, String url, String type) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\nContent-Type: " + type
                    + "\r\nContent-Length: 4000000\r\n\r\n--x\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void anotherUnitCannotReadAndAClosedPlanTakesNoMore() throws Exception {
        Setup s = setup();
        String id = upload(s.coordinator(), s.evidence(), "内部材料.pdf", sample("pdf")).statusCode(201).extract().path("id");
        String otherUnit = newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市财政局"));
        // another unit's files do not exist for it
        Api.withKey(otherUnit).get("/api/v1/evidence/" + id).then().statusCode(404);
        Api.withKey(otherUnit).get("/api/v1/evidence/" + id + "/content").then().statusCode(404);
        Api.withKey(otherUnit).get("/api/v1/plans/" + s.plan() + "/evidence").then().statusCode(404);
        upload(otherUnit, s.evidence(), "冒充.pdf", sample("pdf")).statusCode(404);
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/evidence/" + id + "/content").then().statusCode(403);

        setStatus(s.plan(), PlanStatus.CLOSED);
        upload(s.coordinator(), s.evidence(), "迟交.pdf", sample("pdf")).statusCode(409);
        setStatus(s.plan(), PlanStatus.DRAFT);
        upload(s.coordinator(), s.evidence(), "过早.pdf", sample("pdf")).statusCode(409);
        setStatus(s.plan(), PlanStatus.CLOSED);
        upload(s.coordinator(), "/api/v1/plans/" + s.plan() + "/indicators/" + UUID.randomUUID() + "/evidence", "x.pdf",
                sample("pdf")).statusCode(404);
    }
}
