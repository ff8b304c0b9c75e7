package kaoping.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import kaoping.api.model.Problem;

/**
 * A body announced larger than the limit is refused before it is read, by the HTTP layer, which would answer with an
 * empty 413. This filter answers first, with the same problem+json body as every other error.
 */
@ApplicationScoped
public class BodyLimit {
    private final ObjectMapper json;
    private final long maxBodySize;

    public BodyLimit(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            if (announced(ctx.request().getHeader("Content-Length")) <= maxBodySize) {
                ctx.next();
                return;
            }
            Problem problem = ProblemMappers.body(ApiProblem.payloadTooLarge(maxBodySize), ctx.request().path(),
                    ctx.request().getHeader(RequestIds.HEADER));
            // the unread body would keep the connection busy: close it once the answer is out
            ctx.response().endHandler(done -> ctx.request().connection().close());
            try {
                ctx.response().setStatusCode(413).putHeader("Content-Type", ProblemMappers.PROBLEM_JSON)
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
