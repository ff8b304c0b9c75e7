package kaoping.web;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Request targets as clients really send them. curl, and many office systems, send a Chinese filename or title in the
 * query as raw UTF-8 bytes where RFC 3986 wants them percent-encoded. The HTTP layer reads each byte of the target as
 * one character (ISO-8859-1), and Quarkus' own check would refuse such a request with an empty 400 before any of ours
 * runs; KaopingMain switches that check off (vertx.disableURIValidation) so that it is made here instead: raw bytes
 * are percent-encoded, so every parameter decodes as the UTF-8 it was, and a target that is still no URI is refused
 * with a problem naming it, as is a NUL character in it.
 */
@ApplicationScoped
public class RequestTargets {
    /** Read by Quarkus when its HTTP server starts: set before it does (KaopingMain, and the test run's JVM). */
    public static final String QUARKUS_CHECK_OFF = "vertx.disableURIValidation";
    private final ObjectMapper json;

    public RequestTargets(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            String target = ctx.request().uri();
            String mended = percentEncodeRawBytes(target);
            try {
                new URI(mended);
            } catch (URISyntaxException e) {
                ProblemMappers.answer(ctx, ApiProblem.badRequest("uri", "not a valid request target: " + e.getReason()),
                        json);
                return;
            }
            if (mended.contains("%00")) { // PostgreSQL keeps no NUL in text: refused here, for every parameter
                ProblemMappers.answer(ctx, ApiProblem.badRequest("uri", "a NUL character (%00) is not allowed"), json);
                return;
            }
            if (mended.equals(target)) {
                ctx.next();
            } else {
                ctx.reroute(ctx.request().method(), mended);
            }
        }, 950); // after RequestIds (1000), so a refusal carries the request id; before everything that reads the target
    }

    /** Each character the HTTP layer made of a byte past ASCII becomes that byte, percent-encoded. */
    static String percentEncodeRawBytes(String target) {
        StringBuilder out = new StringBuilder(target.length());
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c >= 0x80 && c <= 0xFF) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
