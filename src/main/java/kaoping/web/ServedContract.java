package kaoping.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * /q/openapi in YAML is the contract file byte for byte. SmallRye OpenAPI re-emits the YAML it read with as few
 * quotes as it can, and so unquotes '2026-01-05T09:10:00+08:00': a YAML 1.1 reader (SnakeYAML, PyYAML, most
 * generators) then reads a date where the contract has a string. The JSON form, which has no such ambiguity, is still
 * SmallRye's.
 */
@ApplicationScoped
public class ServedContract {
    private final Buffer yaml = Buffer.buffer(read());

    void register(@Observes Router router) {
        // before the route of the OpenAPI extension, which answers the same path
        router.get("/q/openapi").order(Integer.MIN_VALUE).handler(ctx -> {
            String format = ctx.request().getParam("format");
            String accept = ctx.request().getHeader("Accept");
            boolean json = format != null ? format.equalsIgnoreCase("json") : accept != null && accept.contains("json");
            if (json) {
                ctx.next();
            } else {
                ctx.response().putHeader("Content-Type", "application/yaml;charset=UTF-8").end(yaml);
            }
        });
    }

    private static byte[] read() {
        try (InputStream in = ServedContract.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the contract is not readable", e);
        }
    }
}
