package kaoping.web;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import kaoping.api.model.FieldError;
import kaoping.api.model.Problem;

/**
 * Every error leaves as application/problem+json with the request id; nothing of the server's insides (stack
 * traces, SQL, class names) reaches the client.
 */
public class ProblemMappers {
    public static final String PROBLEM_JSON = "application/problem+json";
    static final Comparator<FieldError> BY_FIELD = Comparator.comparing(FieldError::getField);
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Fields the server owns: a client that sends one is told so (400), it is never applied. */
    private static final java.util.Set<String> SERVER_OWNED = java.util.Set.of("id", "version", "status", "createdAt",
            "updatedAt", "createdBy", "uploadedBy", "finalScore", "planId");

    @ServerExceptionMapper
    public Response problem(ApiProblem p, HttpHeaders headers, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(p.status).type(PROBLEM_JSON)
                .entity(body(p, uri.getPath(), headers.getHeaderString(RequestIds.HEADER)));
        if (p.status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer, ApiKey header=\"X-API-Key\"");
        }
        p.headers.forEach(response::header);
        return response.build();
    }

    /** The RFC 9457 body of a problem, for the mappers here and for answers given before JAX-RS. */
    static Problem body(ApiProblem p, String path, String requestId) {
        return new Problem().type(p.type).title(p.title).status(p.status).detail(p.getMessage()).instance(path)
                .requestId(requestId).errors(p.errors).inconsistencies(p.inconsistencies)
                .rows(p.rows.isEmpty() ? null : p.rows);
    }

    /** Answers a problem from a filter of the HTTP layer, before JAX-RS has the request. */
    static void answer(RoutingContext ctx, ApiProblem p, ObjectMapper json) {
        Problem problem = body(p, ctx.request().path(), ctx.request().getHeader(RequestIds.HEADER));
        p.headers.forEach(ctx.response()::putHeader);
        try {
            ctx.response().setStatusCode(p.status).putHeader("Content-Type", PROBLEM_JSON).end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::missingIfMatch)) {
            return problem(ApiProblem.preconditionRequired(), headers, uri);
        }
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> missingBody(v) ? ApiProblem.field("body", "a JSON body is required")
                        : ApiProblem.field(fieldOf(v.getPropertyPath()), v.getMessage()))
                .sorted(BY_FIELD).toList();
        return problem(ApiProblem.badRequest(errors), headers, uri);
    }

    /**
     * Whether the violation is the absence of an If-Match the contract declares required (the generated interface puts
     * @NotNull on that header, named ifMatch): 428 as RFC 6585 says, whatever else the request lacks, so that the
     * contract's {@code required: true} and the status a client gets are one thing.
     */
    private static boolean missingIfMatch(ConstraintViolation<?> v) {
        Iterator<Path.Node> nodes = v.getPropertyPath().iterator();
        nodes.next();
        Path.Node parameter = nodes.hasNext() ? nodes.next() : null;
        return v.getConstraintDescriptor().getAnnotation() instanceof NotNull && parameter != null && !nodes.hasNext()
                && parameter.getKind() == ElementKind.PARAMETER && "ifMatch".equals(parameter.getName());
    }

    /**
     * Whether the violation is a missing request body: a @NotNull method parameter whose type is a body type of the
     * contract (a generated model that is not an enum, or a merge patch) rather than a query or header parameter.
     */
    private static boolean missingBody(ConstraintViolation<?> v) {
        if (!(v.getConstraintDescriptor().getAnnotation() instanceof NotNull)) {
            return false;
        }
        Iterator<Path.Node> nodes = v.getPropertyPath().iterator();
        Path.MethodNode method = nodes.next().as(Path.MethodNode.class);
        Path.Node parameter = nodes.hasNext() ? nodes.next() : null;
        if (parameter == null || nodes.hasNext() || parameter.getKind() != ElementKind.PARAMETER) {
            return false;
        }
        Class<?> type = method.getParameterTypes().get(parameter.as(Path.ParameterNode.class).getParameterIndex());
        return type == ObjectNode.class || (!type.isEnum() && type.getPackageName().equals(Problem.class.getPackageName()));
    }

    /** Also names MismatchedInputException, so that it wins over the built-in mapper that answers without a body. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response json(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        return problem(fromJackson(e), headers, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return problem(ApiProblem.unauthorized("Send a Bearer token or an X-API-Key."), headers, uri);
    }

    /** A failure whose cause is a problem (a throttled login: 429) answers with that problem. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        if (e.getCause() instanceof ApiProblem p) {
            return problem(p, headers, uri);
        }
        return problem(ApiProblem.unauthorized(
                "The credentials are not valid (unknown or revoked key, or a token that failed verification)."), headers, uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return problem(ApiProblem.forbidden("Your roles do not allow this operation."), headers, uri);
    }

    /** Two writers passed the If-Match check at once; the database version caught the second. */
    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response stale(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return problem(ApiProblem.preconditionFailed(null), headers, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return problem(fromJackson(json), headers, uri);
        }
        if (e.getCause() instanceof StrictParams.InvalidParam invalid) {
            return problem(ApiProblem.badRequest(parameterWith(invalid.value, uri),
                    "\"" + invalid.value + "\" is not " + describe(invalid.type)), headers, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, headers, uri);
        }
        Response.StatusType info = Response.Status.fromStatusCode(status);
        String title = info == null ? "Error" : info.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "There is nothing at " + uri.getPath() + ".";
            case 405 -> "This path does not take this method; the contract lists the ones it takes.";
            case 415 -> "This operation does not take a body of type " + headers.getHeaderString(HttpHeaders.CONTENT_TYPE) + ".";
            case 406 -> "This operation answers application/json (errors: application/problem+json).";
            default -> title + ".";
        };
        return problem(new ApiProblem(status, title.toLowerCase().replace(' ', '-'), title, detail, null, null),
                headers, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        LOG.error("Unexpected failure of " + uri.getPath(), e);
        return problem(new ApiProblem(500, "internal", "Internal error",
                "Something failed on our side. Quote the requestId when you report it.", null, null), headers, uri);
    }

    static ApiProblem fromJackson(JsonProcessingException e) {
        if (e.getCause() instanceof ApiProblem refused) {
            return refused; // the body itself was refused while Jackson read it (BodyLimit: over the size limit)
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return ApiProblem.badRequest("body", "malformed JSON" + where);
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = path.isEmpty() ? "body" : path.toString();
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ApiProblem.badRequest(field, SERVER_OWNED.contains(unknown.getPropertyName())
                    ? "kept by the server, never taken from a request; leave it out" : "unknown field");
        }
        if (e instanceof ValueInstantiationException invalid && invalid.getType().isEnumType()) {
            return ApiProblem.badRequest(field, "must be " + describe(invalid.getType().getRawClass()));
        }
        if (e instanceof JsonStrictness.Refused refused) {
            return ApiProblem.badRequest(field, refused.reason);
        }
        if (e.getCause() instanceof InputCoercionException) {
            return ApiProblem.badRequest(field, "out of range");
        }
        if (e instanceof InvalidFormatException invalid) {
            return ApiProblem.badRequest(field, quote(invalid.getValue()) + " is not " + describe(invalid.getTargetType()));
        }
        return ApiProblem.badRequest(field, e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? "must be " + describe(mismatch.getTargetType()) : "does not have the documented type");
    }

    private static String parameterWith(String value, UriInfo uri) {
        for (var params : List.of(uri.getPathParameters(), uri.getQueryParameters())) {
            for (var entry : params.entrySet()) {
                if (entry.getValue().contains(value)) {
                    return entry.getKey();
                }
            }
        }
        // a multipart field (an import's year or unitId): Quarkus REST keeps the parsed form with the request
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        FormData form = request == null ? null : request.getFormData();
        if (form != null) {
            for (String name : form) {
                if (form.get(name).stream().anyMatch(v -> !v.isFileItem() && value.equals(v.getValue()))) {
                    return name;
                }
            }
        }
        return "parameter";
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder();
            for (Object c : type.getEnumConstants()) {
                values.append(values.isEmpty() ? "" : ", ").append(c);
            }
            return "one of " + values;
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "a UUID";
            case "Integer", "Long", "int", "long" -> "an integer";
            case "BigDecimal" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "OffsetDateTime" -> "an RFC 3339 time with offset, e.g. 2021-06-30T00:00:00+08:00";
            case "LocalDate" -> "a date, YYYY-MM-DD";
            default -> java.util.Collection.class.isAssignableFrom(type) ? "a JSON array" : "a JSON object";
        };
    }

    /**
     * A violation's path starts with the method and the parameter; a body's fields follow them, a query or header
     * parameter is the second node itself.
     */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        int i = 0;
        int count = 0;
        for (Path.Node ignored : path) {
            count++;
        }
        for (Path.Node node : path) {
            i++;
            if (i == 1 || (i == 2 && count > 2)) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
