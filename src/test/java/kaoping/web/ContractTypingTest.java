package kaoping.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** The contract types what the server does, so that a client generated from it needs no workaround. */
@QuarkusTest
class ContractTypingTest extends ApiTest {
    private static final OpenAPI CONTRACT = resolved();

    private static OpenAPI resolved() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().read("openapi/openapi.yaml", null, options);
    }

    /** Where the contract declares If-Match required, a request without it is 428 (and declared so). */
    @Test
    void timestampsAreAnsweredWithTheOffsetTheExamplesShow() {
        UUID unit = newUnit("晋江市统计局");
        String created = Api.withKey(Api.ADMIN_KEY).get("/api/v1/units/" + unit).then().statusCode(200)
                .extract().path("createdAt");
        assertTrue(created.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+08:00"), created);
    }

    @Test
    void ifMatchIsRequiredExactlyWhereItsAbsenceIs428() {
        List<String> required = new ArrayList<>();
        CONTRACT.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            List<Parameter> parameters = new ArrayList<>(item.getParameters() == null ? List.of() : item.getParameters());
            parameters.addAll(op.getParameters() == null ? List.of() : op.getParameters());
            boolean ifMatchRequired = parameters.stream().map(ContractTypingTest::deref)
                    .anyMatch(p -> "If-Match".equals(p.getName()) && Boolean.TRUE.equals(p.getRequired()));
            if (!ifMatchRequired) {
                return;
            }
            String where = method + " " + path;
            required.add(where);
            assertTrue(op.getResponses().containsKey("428"), where + " declares its 428");
            @SuppressWarnings("unchecked")
            Set<String> roles = new HashSet<>((List<String>) op.getExtensions().get("x-roles"));
            String type = op.getRequestBody() == null ? "application/json"
                    : op.getRequestBody().getContent().keySet().iterator().next();
            // any ids: the missing precondition is answered before anything is looked up
            String url = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            RestAssured.given().filter(Api.responseOnly()).auth().oauth2(Api.jwt(roles, UUID.randomUUID()))
                    .contentType(type).body("{}".getBytes(StandardCharsets.UTF_8)).request(method.name(), url)
                    .then().statusCode(428).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.equalTo("urn:kaoping:problem:precondition-required"));
        }));
        // at least the updates of units, people, plans, trees, nodes (patch, move), assignments, component scores, reviews
        assertTrue(required.size() >= 9, "operations with a required If-Match: " + required);
    }

    /** A score is the same text wherever it is read: the entry, the plan's entries, the score, its formula, the export. */
    @Test
    void aScoreReadsTheSameEverywhere() {
        UUID unit = newUnit("晋江市审计局");
        String evaluator = evaluatorKey();
        UUID plan = UUID.fromString(Api.withKey(evaluator).body("{\"title\": \"2036年度审计局考评表\", \"year\": 2036, \"unitId\": \""
                + unit + "\", \"indicators\": [{\"code\": \"1\", \"name\": \"审计监督\", \"weight\": 100.00}]}")
                .post("/api/v1/plans").then().statusCode(201).extract().path("id"));
        String base = "/api/v1/plans/" + plan;
        String leaf = Api.withKey(evaluator).get(base + "/indicators").then().extract().path("indicators[0].id");
        UUID person = newPerson("郑洁", newUnit("效能办"));
        Api.withKey(evaluator).body(Api.map("personId", person)).post(base + "/assessors").then().statusCode(201);
        setStatus(plan, kaoping.api.model.PlanStatus.EVALUATION);
        String entry = base + "/indicators/" + leaf + "/assessments/" + person;
        String assessor = assessorKey(person);
        // entered as 87.50: every read shows 87.5, the weight 100, and no read shows trailing zeros
        String entered = Api.withKey(assessor).body("{\"score\": 87.50}").put(entry).then().statusCode(201).extract().asString();
        List<String> reads = List.of(entered,
                Api.withKey(assessor).get(entry).then().statusCode(200).extract().asString(),
                Api.withKey(evaluator).get(base + "/assessments").then().statusCode(200).extract().asString(),
                Api.withKey(evaluator).get(base + "/score").then().statusCode(200).extract().asString());
        for (String read : reads) {
            assertTrue(read.contains("\"score\":87.5,") || read.contains("\"score\":87.5}"), read);
            assertFalse(read.matches("(?s).*\\d\\.\\d*0[,}\\]].*"), "a number with trailing zeros in " + read);
        }
        String score = reads.get(3);
        assertTrue(score.contains("\"formula\":\"mean(87.5) = 87.5\""), score);
        assertTrue(score.contains("\"finalScore\":87.5,") && score.contains("\"weight\":100,"), score);
        String sheet = Api.withKey(evaluator).get(base + "/export?format=csv").then().statusCode(200).extract().asString();
        assertTrue(sheet.contains("87.5") && !sheet.contains("87.50"), sheet);
    }

    /** Every kind of error names a nested field the same way: indicators[0].children[1].weight. */
    @Test
    void fieldPathsInErrorsHaveOneForm() {
        String evaluator = evaluatorKey();
        // read by Jackson (a string for a number), checked by the bean rules (below 0), refused by the engine (an input)
        String typed = "{\"indicators\": [{\"name\": \"A\", \"weight\": 100, \"children\": [{\"name\": \"a\", \"weight\": 50},"
                + " {\"name\": \"b\", \"weight\": %s, \"inputs\": {\"assessorScores\": [%s]}}]}]}";
        Api.raw(evaluator).body(String.format(typed, "\"50\"", "1")).post("/api/v1/scoring/evaluations").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("indicators[0].children[1].weight"));
        Api.raw(evaluator).body(String.format(typed, "-50", "1")).post("/api/v1/scoring/evaluations").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("indicators[0].children[1].weight"));
        Api.withKey(evaluator).body(String.format(typed, "50", "60")).post("/api/v1/scoring/evaluations").then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("indicators[0].children[1].inputs.assessorScores[0]"));
    }

    /**
     * Arrays that must not repeat are declared so in every schema that has them, inputs and answers alike (generators
     * then give both the same type), and a repeated item is refused naming the field, not dropped.
     */
    @Test
    void arraysThatMustNotRepeatAreDeclaredAndCheckedAlike() {
        List<String> declared = new ArrayList<>();
        CONTRACT.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getProperties() != null) {
                schema.getProperties().forEach((property, value) -> {
                    if (Set.of("roles", "evidenceIds").contains(property)) {
                        io.swagger.v3.oas.models.media.Schema<?> array = (io.swagger.v3.oas.models.media.Schema<?>) value;
                        assertEquals(Boolean.TRUE, array.getUniqueItems(), name + "." + property + " is uniqueItems");
                        declared.add(name + "." + property);
                    }
                });
            }
        });
        assertTrue(declared.size() >= 6, declared.toString());
        Api.raw(Api.ADMIN_KEY).body(Api.map("name", "重复", "roles", List.of("EVALUATOR", "AUDITOR", "EVALUATOR")))
                .post("/api/v1/api-keys").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("roles"));
    }

    /**
     * Timestamps and dates of the served contract are strings to a YAML 1.1 reader too (SnakeYAML reads an unquoted
     * 2026-01-05T09:10:00+08:00 as a java.util.Date), as in the file: examples stay what a client sends and gets.
     */
    @Test
    void theServedYamlKeepsTimestampExamplesStrings() {
        String served = RestAssured.given().get("/q/openapi").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("yaml")).extract().asString();
        List<String> dates = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        walk(new org.yaml.snakeyaml.Yaml().load(served), "", dates, strings);
        assertTrue(dates.isEmpty(), "read as dates, not strings: " + dates);
        assertTrue(strings.stream().filter(s -> s.matches("\\d{4}-\\d{2}-\\d{2}T.*[+-]\\d{2}:\\d{2}")).count() > 20,
                "the examples' timestamps were found as strings: " + strings.size());
    }

    private static void walk(Object node, String at, List<String> dates, List<String> strings) {
        if (node instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, at + "/" + k, dates, strings));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), at + "/" + i, dates, strings);
            }
        } else if (node instanceof java.util.Date) {
            dates.add(at);
        } else if (node instanceof String s) {
            strings.add(s);
        }
    }

    private static Parameter deref(Parameter p) {
        return p.get$ref() == null ? p
                : CONTRACT.getComponents().getParameters().get(p.get$ref().replace("#/components/parameters/", ""));
    }
}
