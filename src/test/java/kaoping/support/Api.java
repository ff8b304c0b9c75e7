package kaoping.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Requests for the tests. Every request and response is checked against openapi/openapi.yaml; {@link #raw} checks
 * only the response, for requests that break the contract on purpose.
 */
public final class Api {
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdefghijklmnop";
    private static final String CONTRACT = Path.of("openapi/openapi.yaml").toAbsolutePath().toString();
    private static final OpenApiValidationFilter FULL = new OpenApiValidationFilter(
            OpenApiInteractionValidator.createForSpecificationUrl(CONTRACT).build());
    private static final OpenApiValidationFilter RESPONSE_ONLY = new OpenApiValidationFilter(
            OpenApiInteractionValidator.createForSpecificationUrl(CONTRACT)
                    .withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE).build())
                    .build());

    private Api() {
    }

    /** No credentials. */
    public static RequestSpecification anonymous() {
        return given().filter(FULL).contentType(ContentType.JSON);
    }

    public static RequestSpecification withKey(String key) {
        return anonymous().header("X-API-Key", key);
    }

    public static RequestSpecification admin() {
        return withKey(ADMIN_KEY);
    }

    /** A token from the (test) identity provider with these roles, for a unit or none. */
    public static RequestSpecification token(Set<String> roles, UUID unitId) {
        return anonymous().auth().oauth2(jwt(roles, unitId));
    }

    public static String jwt(Set<String> roles, UUID unitId) {
        var builder = Jwt.issuer("https://idp.test.gov.cn").upn("tester-" + UUID.randomUUID()).groups(roles);
        if (unitId != null) {
            builder.claim("unit_id", unitId.toString());
        }
        return builder.sign();
    }

    /** Response-only validation: the request itself breaks the contract on purpose. */
    public static RequestSpecification raw(String key) {
        return given().filter(RESPONSE_ONLY).contentType(ContentType.JSON).header("X-API-Key", key);
    }

    /** A multipart request: the validator cannot check multipart bodies, so only the response is checked. */
    public static RequestSpecification upload(String key) {
        return given().filter(RESPONSE_ONLY).header("X-API-Key", key);
    }

    public static OpenApiValidationFilter responseOnly() {
        return RESPONSE_ONLY;
    }

    public static String resource(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/fixtures", name), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A JSON object of key-value pairs; null values are left out, as a client would. */
    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }
}
