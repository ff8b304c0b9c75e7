package kaoping.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Gives every request an id: the caller's X-Request-Id when it is a sane token, else a new one. It is echoed in the
 * response, put in every log line (MDC) and in every problem body, so a support request can be traced.
 */
@ApplicationScoped
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            String id = ctx.request().getHeader(HEADER);
            if (id == null || !SAFE.matcher(id).matches()) {
                id = UUID.randomUUID().toString().replace("-", "");
                // the mappers read it back from the request, whichever thread they run on
                ctx.request().headers().set(HEADER, id);
            }
            MDC.put("requestId", id);
            ctx.response().putHeader(HEADER, id);
            ctx.next();
        }, 1000);
    }
}
