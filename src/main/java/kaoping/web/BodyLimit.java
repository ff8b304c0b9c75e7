package kaoping.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http2.Http2Error;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import kaoping.api.model.Problem;

/**
 * A body announced larger than its limit (JSON bodies and evidence uploads have their own) is refused before it is
 * read, with the same problem+json body as every other error; the HTTP layer would answer an empty 413. A JSON
 * body or an import of unknown length is refused with 411 when chunked (HTTP/1.1); a JSON body without a length
 * (HTTP/2) is counted as it is read. The HTTP layer's own cap has to fit the largest evidence upload.
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
            dropUnreadBody(ctx);
            try {
                ctx.response().setStatusCode(refused.status).putHeader("Content-Type", ProblemMappers.PROBLEM_JSON)
                        .end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
            }
        }, 900); // after RequestIds (1000), so the answer carries the request id
    }

    /**
     * A JSON body that announced no size (HTTP/2 sends none where HTTP/1.1 would be chunked) is counted as it is read
     * and refused once it passes the limit, whatever the protocol; the rest of it is not taken.
     */
    @ServerRequestFilter
    public void countUnannounced(ContainerRequestContext request, RoutingContext http) {
        String path = http.request().path();
        if (request.getHeaderString("Content-Length") == null && !UPLOAD.matcher(path).matches()
                && !IMPORT.matcher(path).matches() && !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            request.setEntityStream(new Capped(request.getEntityStream(), http));
        }
    }

    /** A body that may not go past the JSON limit. */
    private final class Capped extends FilterInputStream {
        private final RoutingContext http;
        private long left = jsonLimit;

        Capped(InputStream in, RoutingContext http) {
            super(in);
            this.http = http;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            count(Math.max(n, 0));
            return n;
        }

        /** A refused body is not drained (as the HTTP layer's stream does on close): the answer drops the rest. */
        @Override
        public void close() throws IOException {
            if (left >= 0) {
                super.close();
            }
        }

        private void count(int n) {
            left -= n;
            if (left < 0) {
                dropUnreadBody(http);
                throw ApiProblem.payloadTooLarge(jsonLimit);
            }
        }
    }

    /**
     * For a request answered without reading its body: once the answer is out, the rest of the body is not taken.
     * HTTP/1.1 closes the connection (told by Connection: close); HTTP/2 resets only this request's stream.
     */
    public static void dropUnreadBody(RoutingContext ctx) {
        boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
        if (!http2) {
            ctx.response().putHeader("Connection", "close");
        }
        ctx.addEndHandler(done -> {
            if (ctx.request().isEnded()) {
                return;
            }
            if (http2) {
                ctx.response().reset(Http2Error.CANCEL.code());
            } else {
                ctx.request().connection().close();
            }
        });
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
