package kaoping.evidence;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import kaoping.web.ApiProblem;
import kaoping.web.BodyLimit;

/**
 * What happens to an upload before its body is read. Whether the caller may add a file to the target at all is
 * decided first, in a short transaction, so a refused upload costs no disk (rights before bytes). A raw upload's body
 * is then written to the uploads directory by the event loop as it arrives, hashed on the way: no worker thread and
 * no database connection waits for a client's bytes. A client that stops sending is cut off by the HTTP layer's idle
 * timeout (quarkus.http.idle-timeout), and its partial file is removed.
 */
@ApplicationScoped
public class EvidenceIntake {
    private static final int WRITE_QUEUE = 4 * 1024 * 1024;
    private static final long WRITEBACK_EVERY = 32L * 1024 * 1024;
    private final EvidenceService service;
    private final Vertx vertx;
    private final Received received;
    private final long maxSize;
    private final String uploads;

    public EvidenceIntake(EvidenceService service, Vertx vertx, Received received,
                          @ConfigProperty(name = "kaoping.evidence.max-size") MemorySize maxSize,
                          @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
        this.service = service;
        this.vertx = vertx;
        this.received = received;
        this.maxSize = maxSize.asLongValue();
        this.uploads = Path.of(uploads).toAbsolutePath().toString();
    }

    /** A raw upload's body: the spooled file, its size, and its SHA-256 once the body is complete. */
    static final class Spool {
        Path file;
        long size;
        byte[] sha256;
    }

    /** This request's spooled body, for the operation; filled on the event loop, where no request scope is active. */
    @RequestScoped
    static class Received {
        Spool spool;
    }

    /** After the role check (AUTHORIZATION), before the body is read: on a worker, as the operation is blocking. */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHORIZATION + 10)
    public Uni<Void> admit(SimpleResourceInfo operation, UriInfo uri, RoutingContext http) {
        boolean raw = operation.getMethodName().equals("streamEvidence");
        if (!raw && !operation.getMethodName().equals("uploadEvidence")) {
            return null;
        }
        UUID plan = uuid(uri.getPathParameters().getFirst("planId"));
        UUID indicator = uuid(uri.getPathParameters().getFirst("indicatorId"));
        if (plan != null && indicator != null) {
            try {
                QuarkusTransaction.requiringNew().run(() -> service.admit(plan, indicator));
            } catch (ApiProblem refused) {
                BodyLimit.dropUnreadBody(http); // refused before a byte of the body was taken
                throw refused;
            }
        }
        if (!raw) {
            return null;
        }
        Spool spool = new Spool();
        received.spool = spool;
        return Uni.createFrom().completionStage(spool(http, spool).toCompletionStage());
    }

    /** Malformed ids are left to the operation, which answers 400 naming the parameter. */
    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Writes the body to a new file in the uploads directory as it arrives; the file goes when the request ends. */
    private Future<Void> spool(RoutingContext http, Spool spool) {
        HttpServerRequest request = http.request();
        return vertx.fileSystem().mkdirs(uploads)
                .compose(made -> vertx.fileSystem().createTempFile(uploads, "stream-", ".part", (String) null))
                .compose(path -> {
                    spool.file = Path.of(path);
                    // kept files were moved into the store already; anything else is removed, whatever happened
                    http.addEndHandler(done -> vertx.fileSystem().delete(path).otherwise((Void) null));
                    return vertx.fileSystem().open(path, new OpenOptions().setWrite(true));
                })
                .compose(file -> copy(request, file, http, spool));
    }

    private Future<Void> copy(HttpServerRequest request, AsyncFile file, RoutingContext http, Spool spool) {
        Promise<Void> done = Promise.promise();
        MessageDigest sha256 = sha256();
        // Vert.x's default (128 KiB) pauses the connection every couple of chunks; a few MiB of direct memory keep
        // the disk and the connection busy at once
        file.setWriteQueueMaxSize(WRITE_QUEUE);
        Writeback writeback = new Writeback();
        request.handler(chunk -> {
            spool.size += chunk.length();
            if (spool.size > maxSize) {
                request.pause().handler(null).endHandler(null);
                BodyLimit.dropUnreadBody(http);
                file.close();
                done.tryFail(ApiProblem.payloadTooLarge(maxSize));
                return;
            }
            sha256.update(chunk.getByteBuf().nioBuffer());
            file.write(chunk);
            writeback.after(chunk.length(), file);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(drained -> request.resume());
            }
        });
        // the connection closed before the body was complete: cut off after the idle timeout, or the client gave up
        request.exceptionHandler(failure -> file.close().onComplete(closed -> done.tryFail(new ApiProblem(408,
                "request-timeout", "Request timeout", "The body stopped arriving before it was complete; nothing was kept.",
                null, null))));
        request.endHandler(end -> file.close().onComplete(closed -> {
            spool.sha256 = sha256.digest();
            if (closed.succeeded()) {
                done.tryComplete();
            } else {
                done.tryFail(closed.cause());
            }
        }));
        file.exceptionHandler(done::tryFail);
        request.resume();
        return done.future();
    }

    /**
     * Starts writing the spooled bytes to disk while the rest of the body still arrives, on a worker
     * ({@link AsyncFile#flush()}), one flush at a time: the final force before the file is kept then finds little left
     * to write, instead of the whole body. The page cache would otherwise hold a whole upload dirty until that force.
     */
    private static final class Writeback {
        private long unflushed;
        private boolean flushing;

        /** On the event loop, after {@code bytes} more were handed to {@code file}. */
        void after(int bytes, AsyncFile file) {
            unflushed += bytes;
            if (unflushed >= WRITEBACK_EVERY && !flushing) {
                unflushed = 0;
                flushing = true;
                // a failing disk fails the force before the file is kept, which answers for it
                file.flush().onComplete(flushed -> flushing = false);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
