package kaoping.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** What holds for the whole API: credentials everywhere, problem bodies, request ids, CORS, the served contract. */
@QuarkusTest
class ContractTest extends ApiTest {
    private static final OpenAPI CONTRACT = new OpenAPIV3Parser().read("openapi/openapi.yaml");

    @Test
    void everyOperationOfTheContractNeedsCredentials() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : CONTRACT.getPaths().entrySet()) {
            String url = path.getKey().replaceAll("\\{[^}]+}", "6f1c2a52-4d0e-4f5e-9a3e-1b2c3d4e5f60");
            for (var operation : path.getValue().readOperationsMap().entrySet()) {
                PathItem.HttpMethod method = operation.getKey();
                var body = operation.getValue().getRequestBody();
                String type = body == null ? "application/json" : body.getContent().keySet().iterator().next();
                var answer = given().filter(Api.responseOnly()).contentType(type).body("{}".getBytes(StandardCharsets.UTF_8))
                        .request(method.name(), url)
                        .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
                if (method != PathItem.HttpMethod.HEAD) { // a HEAD answer has no body to look at
                    answer.contentType("application/problem+json").body("status", equalTo(401)).body("requestId", notNullValue());
                }
                checked.add(method + " " + path.getKey());
            }
        }
        assertTrue(checked.size() >= 25, "all operations were tried: " + checked);
    }

    @Test
    void everyOperationHasAnIdASummaryAndItsErrors() {
        CONTRACT.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String where = method + " " + path;
            assertTrue(op.getOperationId() != null && op.getSummary() != null, where + " has an operationId and a summary");
            assertTrue(op.getResponses().keySet().containsAll(List.of("400", "401", "429")),
                    where + " documents 400, 401 and 429 (a throttled login)");
            // the roles that may call it, which the server enforces (kaoping.access.OperationRoles), and their 403
            assertTrue(op.getExtensions() != null && op.getExtensions().get("x-roles") instanceof List<?> roles
                    && !roles.isEmpty() && op.getResponses().containsKey("403"), where + " lists its x-roles and documents 403");
        }));
    }

    /** Front-end developers copy the examples: each must be valid for its own operation and status. */
    @Test
    void everyExampleOfTheContractIsValid() throws Exception {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForSpecificationUrl("openapi/openapi.yaml").build();
        ObjectMapper json = new ObjectMapper();
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, PathItem> path : CONTRACT.getPaths().entrySet()) {
            String url = path.getKey().replaceAll("\\{[^}]+}", "6f1c2a52-4d0e-4f5e-9a3e-1b2c3d4e5f60");
            for (var operation : path.getValue().readOperationsMap().entrySet()) {
                Request.Method method = Request.Method.valueOf(operation.getKey().name());
                var body = operation.getValue().getRequestBody();
                if (body != null) {
                    for (var media : body.getContent().entrySet()) {
                        for (Object example : examples(media.getValue())) {
                            checked++;
                            var report = validator.validateRequest(new SimpleRequest.Builder(method, url)
                                    .withContentType(media.getKey()).withHeader("X-API-Key", "k").withHeader("If-Match", "\"0\"")
                                    .withBody(json.writeValueAsString(example)).build());
                            report(report, "request of " + method + " " + path.getKey(), invalid);
                        }
                    }
                }
                for (var response : operation.getValue().getResponses().entrySet()) {
                    var answer = response.getValue().get$ref() == null ? response.getValue()
                            : CONTRACT.getComponents().getResponses().get(response.getValue().get$ref().replace("#/components/responses/", ""));
                    if (answer.getContent() == null) {
                        continue;
                    }
                    for (var media : answer.getContent().entrySet()) {
                        for (Object example : examples(media.getValue())) {
                            checked++;
                            var report = validator.validateResponse(url, method,
                                    SimpleResponse.Builder.status(Integer.parseInt(response.getKey()))
                                            .withContentType(media.getKey()).withBody(json.writeValueAsString(example)).build());
                            report(report, response.getKey() + " of " + method + " " + path.getKey(), invalid);
                        }
                    }
                }
            }
        }
        assertTrue(invalid.isEmpty(), String.join("\n", invalid));
        assertTrue(checked > 150, "examples checked: " + checked);
    }

    private static List<Object> examples(io.swagger.v3.oas.models.media.MediaType media) {
        List<Object> found = new ArrayList<>();
        if (media.getExample() != null) {
            found.add(media.getExample());
        }
        if (media.getExamples() != null) {
            media.getExamples().values().forEach(e -> found.add(e.get$ref() == null ? e.getValue()
                    : CONTRACT.getComponents().getExamples().get(e.get$ref().replace("#/components/examples/", "")).getValue()));
        }
        return found;
    }

    private static void report(ValidationReport report, String where, List<String> invalid) {
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> invalid.add(where + ": " + m.getMessage()));
    }

    @Test
    void healthTheContractAndSwaggerUiAreOpen() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Database")));
        // served as JSON it is the same document (YAML re-emitted by SmallRye differs only in quoting)
        String served = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertEquals(new YAMLMapper().readTree(Files.readString(Path.of("openapi/openapi.yaml"))),
                new ObjectMapper().readTree(served), "the contract is served unchanged");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void theCallersRequestIdIsEchoedAndQuotedInProblems() {
        Api.admin().header("X-Request-Id", "oa-20260105-0001").get("/api/v1/units/6f1c2a52-4d0e-4f5e-9a3e-1b2c3d4e5f60")
                .then().statusCode(404).header("X-Request-Id", "oa-20260105-0001")
                .body("requestId", equalTo("oa-20260105-0001")).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("errors")));
        String generated = Api.admin().get("/api/v1/units").then().statusCode(200).extract().header("X-Request-Id");
        assertTrue(generated != null && generated.length() >= 16);
        Api.admin().header("X-Request-Id", "bad id\twith control").get("/api/v1/units").then().statusCode(200)
                .header("X-Request-Id", org.hamcrest.Matchers.not(containsString(" ")));
    }

    @Test
    void browserFrontEndsOfConfiguredOriginsAreAllowed() {
        List<String> requestHeaders = List.of("Authorization", "X-API-Key", "Content-Type", "If-Match", "If-None-Match",
                "Idempotency-Key", "Repr-Digest", "X-Request-Id", "Range");
        String allowed = given().header("Origin", "https://ui.example.gov.cn").header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", String.join(",", requestHeaders).toLowerCase())
                .options("/api/v1/plans").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://ui.example.gov.cn").extract().header("Access-Control-Allow-Headers");
        assertTrue(requestHeaders.stream().allMatch(h -> allowed.toLowerCase().contains(h.toLowerCase())), allowed);
        String exposed = Api.admin().header("Origin", "https://ui.example.gov.cn").get("/api/v1/units").then().statusCode(200)
                .extract().header("Access-Control-Expose-Headers");
        List<String> responseHeaders = List.of("ETag", "Location", "Content-Disposition", "Content-Range", "X-Request-Id",
                "Idempotent-Replayed", "Retry-After", "Repr-Digest", "Accept-Ranges");
        assertTrue(responseHeaders.stream().allMatch(h -> List.of(exposed.split("\\s*,\\s*")).contains(h)), exposed);
        given().header("Origin", "https://elsewhere.example.com").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/plans").then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void jsonAnswersAreCompressedForClientsThatAcceptIt() throws Exception {
        java.util.UUID unit = newUnit("晋江市统计局");
        java.util.UUID plan = newPlan(jinjiangPlan(unit, 2032));
        String path = "/api/v1/plans/" + plan + "/indicators";
        String plain = Api.admin().get(path).then().statusCode(200).extract().asString();
        HttpResponse<byte[]> zipped = acceptingGzip(path, Api.ADMIN_KEY);
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse("none"));
        byte[] json = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertEquals(new ObjectMapper().readTree(plain), new ObjectMapper().readTree(json));
        assertTrue(zipped.body().length * 2 < json.length, zipped.body().length + " compressed of " + json.length);

        // an evidence file is served as stored, even a text one that would compress well: its ranges are of the file
        setStatus(plan, kaoping.api.model.PlanStatus.PUBLISHED);
        String coordinator = newKey(java.util.Set.of("UNIT_COORDINATOR"), unit);
        String leaf = Api.admin().get(path).then().extract().path("indicators[0].children[0].children[0].children[0].id");
        byte[] text = "完成一半。".repeat(2000).getBytes(StandardCharsets.UTF_8);
        String evidence = new kaoping.support.Multipart().file("file", "说明.txt", text).request(coordinator)
                .post(path + "/" + leaf + "/evidence").then().statusCode(201).extract().path("id");
        HttpResponse<byte[]> file = acceptingGzip("/api/v1/evidence/" + evidence + "/content", coordinator);
        assertEquals(200, file.statusCode());
        assertTrue(file.headers().firstValue("Content-Encoding").filter(e -> !e.equals("identity")).isEmpty(),
                file.headers().map().toString());
        assertTrue(java.util.Arrays.equals(text, file.body()));
    }

    /** java.net.http does not decompress, so the answer is seen as it came over the wire. */
    private static HttpResponse<byte[]> acceptingGzip(String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("X-API-Key", key).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anUnknownQueryParameterIsNamedNotIgnored() {
        String auditor = newKey(java.util.Set.of("AUDITOR"), null);
        Api.raw(auditor).get("/api/v1/audit-events?entityType=evidence").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.contains("entityType"));
        Api.raw(auditor).get("/api/v1/audit-events?action=createUnit&size=1").then().statusCode(200);
        Api.raw(Api.ADMIN_KEY).get("/api/v1/plans?year=2021&yaer=2021&page=0").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("yaer"))
                .body("errors[0].message", containsString("year"));
        // the role check comes first: a caller who may not call the operation learns nothing of its parameters
        Api.raw(auditor).get("/api/v1/plans?yaer=2021").then().statusCode(403);
    }

    @Test
    void wrongMethodsAndMediaTypesAreProblems() {
        given().filter(Api.responseOnly()).header("X-API-Key", Api.ADMIN_KEY).put("/api/v1/units").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
        Api.raw(Api.ADMIN_KEY).contentType("text/plain").body("泉州").post("/api/v1/units").then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("text/plain"));
    }

    @Test
    void missingFieldsAndBodiesOverTheLimitAreProblems() throws Exception {
        Api.raw(Api.ADMIN_KEY).body("{\"kind\": \"UNIT\"}").post("/api/v1/units").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        // announced by Content-Length, the body is refused before it is read: no need to send 11 MB
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("POST /api/v1/plans HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + Api.ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 11000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
            assertTrue(answer.contains("\"status\":413"), answer);
        }
    }

    @Test
    void noBodyLeaksStackTracesOrClassNames() {
        String body = Api.raw(Api.ADMIN_KEY).body("{\"name\": [1, 2], \"kind\": \"UNIT\"}").post("/api/v1/units")
                .then().statusCode(400).body("errors[0].field", equalTo("name")).extract().asString();
        assertTrue(!body.contains("java.") && !body.contains("jackson") && !body.contains("Exception"), body);
    }
}
