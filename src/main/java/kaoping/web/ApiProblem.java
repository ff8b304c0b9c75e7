package kaoping.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kaoping.api.model.FieldError;
import kaoping.api.model.RowError;
import kaoping.api.model.WeightInconsistency;

/**
 * A failure the client can act on. Services throw it; {@link ProblemMappers} turns it into an RFC 9457 body.
 */
public class ApiProblem extends RuntimeException {
    public final int status;
    public final String type;
    public final String title;
    public final transient List<FieldError> errors;
    public final transient List<WeightInconsistency> inconsistencies;
    /** Problems of an imported table, by spreadsheet row and column. */
    public final transient List<RowError> rows = new ArrayList<>();
    /** Response headers the problem needs besides its body, e.g. Content-Range of a 416. */
    public final transient Map<String, String> headers = new LinkedHashMap<>();

    public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors,
                      List<WeightInconsistency> inconsistencies) {
        super(detail, null, false, false);
        this.status = status;
        this.type = "urn:kaoping:problem:" + type;
        this.title = title;
        this.errors = errors;
        this.inconsistencies = inconsistencies;
    }

    private ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, null, null);
    }

    /** A table that cannot be imported: its problems by row and column (the first of {@code total}); nothing was stored. */
    public static ApiProblem tableInvalid(List<RowError> rows, int total) {
        ApiProblem problem = new ApiProblem(422, "table-invalid", "The table cannot be imported", total
                + (total == 1 ? " problem" : " problems") + " in the table; nothing was stored.", null, null);
        problem.rows.addAll(rows);
        return problem;
    }

    public ApiProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public static FieldError field(String field, String message) {
        return new FieldError().field(field).message(message);
    }

    public static ApiProblem badRequest(List<FieldError> errors) {
        return new ApiProblem(400, "invalid-request", "Invalid request", "The request does not match the API contract.",
                errors, null);
    }

    public static ApiProblem badRequest(String field, String message) {
        return badRequest(List.of(field(field, message)));
    }

    /** A well-formed request that breaks a domain rule. */
    public static ApiProblem unprocessable(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).getField() + ": " + errors.get(0).getMessage()
                : errors.size() + " fields break the rules; see errors.";
        return new ApiProblem(422, "unprocessable", "Unprocessable request", detail, errors, null);
    }

    public static ApiProblem unprocessable(String field, String message) {
        return unprocessable(List.of(field(field, message)));
    }

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(404, "not-found", "Not found", "No " + what + " " + id + ".");
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail);
    }

    /** Too many failed logins: the client waits this long (Retry-After) before its credentials are checked again. */
    public static ApiProblem tooManyRequests(java.time.Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ApiProblem(429, "too-many-requests", "Too many requests", "Too many failed logins; try again in "
                + seconds + " s.").withHeader("Retry-After", Long.toString(seconds));
    }

    public static ApiProblem payloadTooLarge(long limitBytes) {
        return new ApiProblem(413, "payload-too-large", "Payload too large",
                "The request body is over the limit of " + limitBytes / (1024 * 1024) + " MB.");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem preconditionRequired() {
        return new ApiProblem(428, "precondition-required", "Precondition required",
                "Send If-Match with the ETag you read.");
    }

    public static ApiProblem preconditionFailed(String currentEtag) {
        return new ApiProblem(412, "precondition-failed", "Precondition failed",
                currentEtag == null ? "The resource was changed by someone else; read it again."
                        : "The resource changed: its ETag is now " + currentEtag + ".");
    }
}
