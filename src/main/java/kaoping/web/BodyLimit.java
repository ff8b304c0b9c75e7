package kaoping.web;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import kaoping.api.model.Problem;

/**
 * A body announced larger than its limit (JSON bodies and evidence uploads have their own) is refused before it is
 * read, with the same problem+json body as every other error; the HTTP layer would answer an empty 413. A JSON
 * body or an import of unknown length (chunked) is refused with 411, since the HTTP layer's own cap has to fit the
 * largest evidence upload.
 */
@ApplicationScoped
public class BodyLimit {
    /** Evidence uploads: the one kind of request with a large body. */
    private static final Pattern UPLOAD = Pattern.compile("/api/v1/plans/[^/]+/indicators/[^/]+/evidence(/stream)?/?");
    /** Imports of a 考评表, multipart like uploads, with their own limit. */
    private static final Pattern IMPORT = Pattern.compile("/api/v1/plans/import/?");
    /** Room for the multipart framing and form fields around an uploaded file. */
    private static final long FRAMING = 1024 * 1024;
    private final ObjectMapper json;
    private final long jsonLimit;
    private final long uploadLimit;

    private final long importLimit;

    public BodyLimit(ObjectMapper json, @ConfigProperty(name = "kaoping.json.max-body-size") MemorySize jsonLimit,
                     @ConfigProperty(name = "kaoping.evidence.max-size") MemorySize uploadLimit,
                     @ConfigProperty(name = "kaoping.import.max-size") MemorySize importLimit) {
        this.json = json;
        this.jsonLimit = jsonLimit.asLongValue();
        this.uploadLimit = uploadLimit.asLongValue();
        this.importLimit = importLimit.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            String path = ctx.request().path();
            boolean evidence = UPLOAD.matcher(path).matches();
            boolean upload = evidence || IMPORT.matcher(path).matches();
            long limit = evidence ? uploadLimit : upload ? importLimit : jsonLimit;
            String length = ctx.request().getHeader("Content-Length");
            ApiProblem refused = null;
            if (announced(length) > limit + (upload ? FRAMING : 0)) {
                refused = ApiProblem.payloadTooLarge(limit);
            } else if (!evidence && length == null && ctx.request().headers().contains("Transfer-Encoding")) {
                // a body of unknown length would be buffered up to the evidence limit: JSON bodies and imports
                // announce their size
                refused = new ApiProblem(411, "length-required", "Length required",
                        "Send the body with Content-Length (at most " + limit / (1024 * 1024) + " MB).", null, null);
            }
            if (refused == null) {
                ctx.next();
                return;
            }
            Problem problem = ProblemMappers.body(refused, ctx.request().path(), ctx.request().getHeader(RequestIds.HEADER));
            // the unread body would keep the connection busy: close it once the answer is out
            ctx.response().endHandler(done -> ctx.request().connection().close());
            try {
                ctx.response().setStatusCode(refused.status).putHeader("Content-Type", ProblemMappers.PROBLEM_JSON)
                        .putHeader("Connection", "close").end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
            }
        }, 900); // after RequestIds (1000), so the answer carries the request id
    }

    /** The announced body size; an absent or malformed header is left to the HTTP layer (0 here). */
    private static long announced(String contentLength) {
        try {
            return contentLength == null ? 0 : Long.parseLong(contentLength);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
