package kaoping.evidence;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import kaoping.web.ApiProblem;
import kaoping.web.BodyLimit;

/**
 * What happens to an upload before its body is read. Whether the caller may add a file to the target at all is
 * decided first, in a short transaction, so a refused upload costs no disk (rights before bytes). A raw body, or a
 * multipart body's file part, is then handed by the event loop as it arrives to a worker that hashes and writes it to
 * the uploads directory ({@link SpoolWriter}): no thread and no database connection waits for a client's bytes. A client that stops sending is cut off by the HTTP layer's idle
 * timeout (quarkus.http.idle-timeout), and its partial file is removed.
 */
@ApplicationScoped
public class EvidenceIntake {
    private final EvidenceService service;
    private final Vertx vertx;
    private final Received received;
    private final long maxSize;
    private final String uploads;
    private final ManagedExecutor worker;

    public EvidenceIntake(EvidenceService service, Vertx vertx, Received received, ManagedExecutor worker,
                          @ConfigProperty(name = "kaoping.evidence.max-size") MemorySize maxSize,
                          @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
        this.service = service;
        this.vertx = vertx;
        this.received = received;
        this.worker = worker;
        this.maxSize = maxSize.asLongValue();
        this.uploads = Path.of(uploads).toAbsolutePath().toString();
    }

    /** A raw upload's body: the spooled file, its size, and its SHA-256 once the body is complete. */
    static final class Spool {
        Path file;
        long size;
        byte[] sha256;
        /** A multipart file part's filename (null until it arrives; a raw body's name is in the query). */
        String filename;
        /** Writes and hashes the body as it arrives. */
        SpoolWriter out;

        /** Closes the file once, whoever asks first: the end of the body, a refusal, a broken connection. */
        Future<Void> close() {
            return out.close();
        }
    }

    /** The spooled file part as Quarkus REST takes it from Vert.x Web: the operation's {@code file}. */
    private record Part(Spool spool, String contentType) implements FileUpload {
        static final String NAME = "file";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String uploadedFileName() {
            return spool.file.toString();
        }

        @Override
        public String fileName() {
            return spool.filename;
        }

        @Override
        public long size() {
            return spool.size;
        }

        @Override
        public String contentTransferEncoding() {
            return null;
        }

        @Override
        public String charSet() {
            return null;
        }

        /** Spooled by this class, which removes it when the request ends. */
        @Override
        public boolean cancel() {
            return false;
        }

        @Override
        public Future<Void> delete() {
            return Future.succeededFuture();
        }
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
        Spool spool = new Spool();
        received.spool = spool;
        return Uni.createFrom().completionStage(spool(http, spool, raw).toCompletionStage());
    }

    /** Malformed ids are left to the operation, which answers 400 naming the parameter. */
    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * Writes the body (raw) or its file part (multipart) to a new file in the uploads directory as it arrives; the
     * file goes when the request ends.
     */
    private Future<Void> spool(RoutingContext http, Spool spool, boolean raw) {
        HttpServerRequest request = http.request();
        Promise<Void> diskFailed = Promise.promise();
        // the writer tells of a failing disk on its worker; the request is answered on its own context
        Context context = vertx.getOrCreateContext();
        return vertx.fileSystem().mkdirs(uploads)
                .compose(made -> vertx.fileSystem().createTempFile(uploads, "stream-", ".part", (String) null))
                .compose(path -> {
                    spool.file = Path.of(path);
                    // kept files were moved into the store already; anything else is removed, whatever happened
                    http.addEndHandler(done -> vertx.fileSystem().delete(path).otherwise((Void) null));
                    return vertx.executeBlocking(() -> new SpoolWriter(
                            FileChannel.open(spool.file, StandardOpenOption.WRITE), worker,
                            failure -> context.runOnContext(now -> diskFailed.tryFail(failure))), false);
                })
                .compose(writer -> {
                    spool.out = writer;
                    // a client that waits for 100 Continue (curl does, for a second) is told to send once admitted
                    if (request.headers().contains(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true)) {
                        http.response().writeContinue();
                    }
                    Promise<Void> spooled = Promise.promise();
                    (raw ? copy(request, request, http, spool) : filePart(request, http, spool)).onComplete(body -> {
                        if (body.succeeded()) {
                            spooled.tryComplete();
                        } else {
                            spooled.tryFail(body.cause());
                        }
                    });
                    // a disk that fails a write ends the upload at once, not after the rest of the body
                    diskFailed.future().onFailure(failure -> {
                        request.pause();
                        BodyLimit.dropUnreadBody(http);
                        spool.close().onComplete(closed -> spooled.tryFail(notWritten(failure)));
                    });
                    return spooled.future();
                });
    }

    /**
     * A multipart body is taken apart by Vert.x's decoder (Netty's), its file part written and hashed as it arrives like
     * a raw body; Quarkus REST then finds the form already read ({@link Part}) and does not parse it a second time.
     */
    private Future<Void> filePart(HttpServerRequest request, RoutingContext http, Spool spool) {
        Promise<Void> copied = Promise.promise();
        Promise<Void> ended = Promise.promise();
        request.setExpectMultipart(true);
        request.uploadHandler(upload -> {
            if (!upload.name().equals(Part.NAME) || spool.filename != null) {
                upload.handler(ignored -> { }); // not the contract's: not kept
                return;
            }
            spool.filename = upload.filename();
            http.fileUploads().add(new Part(spool, upload.contentType()));
            copy(upload, request, http, spool).onComplete(copied);
        });
        request.endHandler(end -> {
            if (spool.filename == null) {
                spool.close();
                ended.tryFail(ApiProblem.badRequest(Part.NAME, "a file part is required"));
            } else {
                ended.tryComplete();
            }
        });
        request.exceptionHandler(failure -> {
            ApiProblem problem = failure instanceof HttpClosedException ? stopped() : ApiProblem.badRequest(Part.NAME,
                    "the multipart body could not be read: " + failure.getMessage());
            copied.tryFail(problem);
            ended.tryFail(problem);
            spool.close();
        });
        request.resume();
        return Future.all(ended.future(), copied.future()).mapEmpty();
    }

    /** Copies {@code body} (the request's body or its file part) to the spool, hashing it on the way. */
    private Future<Void> copy(ReadStream<Buffer> body, HttpServerRequest request, RoutingContext http, Spool spool) {
        Promise<Void> done = Promise.promise();
        SpoolWriter out = spool.out;
        body.handler(chunk -> {
            spool.size += chunk.length();
            if (spool.size > maxSize) {
                request.pause();
                body.handler(null).endHandler(null);
                BodyLimit.dropUnreadBody(http);
                spool.close();
                done.tryFail(ApiProblem.payloadTooLarge(maxSize));
            } else if (!out.add(chunk)) {
                body.pause(); // until the chunks waiting are written
                out.whenDrained(body::resume);
            }
        });
        // the connection closed before the body was complete: cut off after the idle timeout, or the client gave up
        body.exceptionHandler(failure -> spool.close().onComplete(closed -> done.tryFail(stopped())));
        body.endHandler(end -> out.finish().onComplete(finished -> {
            if (finished.succeeded()) {
                spool.sha256 = finished.result();
                done.tryComplete();
            } else {
                done.tryFail(finished.cause());
            }
        }));
        body.resume();
        return done.future();
    }

    private static ApiProblem notWritten(Throwable failure) {
        return EvidenceService.unavailable("upload-not-written", "Upload not written",
                "The upload could not be written to disk; nothing was kept.", failure);
    }

    private static ApiProblem stopped() {
        return new ApiProblem(408, "request-timeout", "Request timeout",
                "The body stopped arriving before it was complete; nothing was kept.", null, null);
    }
}
