package kaoping.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Idempotency-Key for creating calls: the first request with a key claims it (per caller), does its work and stores
 * its answer; a replay gets that answer again and nothing is done twice. The same key with another request is 422,
 * and while the first is still running 409. A request that fails releases its key, so a retry can succeed, and so
 * does one whose app died midway (see {@link InstanceLock}).
 */
@ApplicationScoped
public class Idempotency {
    private static final String REPLAYED = "Idempotent-Replayed";
    private final EntityManager db;
    private final ObjectMapper json;
    private final SecurityIdentity identity;
    private final Duration keep;
    private final InstanceLock instance;
    private final Clock clock;

    public Idempotency(EntityManager db, ObjectMapper json, SecurityIdentity identity,
                       @ConfigProperty(name = "kaoping.idempotency.keep") Duration keep, InstanceLock instance, Clock clock) {
        this.db = db;
        this.json = json;
        this.identity = identity;
        this.keep = keep;
        this.instance = instance;
        this.clock = clock;
    }

    /**
     * Runs {@code action} once per key. {@code request} identifies what was asked (the operation, its path and its
     * body or, for a file, its metadata and announced size and digest): a replay must ask the same.
     */
    public Response run(String key, String operation, List<?> request, Supplier<Response> action) {
        if (key == null) {
            return action.get();
        }
        String principal = identity.getPrincipal().getName();
        String fingerprint = fingerprint(operation, request);
        Object[] first = QuarkusTransaction.requiringNew().call(() -> claim(principal, key, operation, fingerprint));
        if (first != null) {
            return replay(first, operation, fingerprint);
        }
        Response response;
        try {
            response = action.get();
        } catch (RuntimeException e) {
            release(principal, key);
            throw e;
        }
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("update idempotency_keys set status = ?1, "
                        + "location = ?2, etag = ?3, body = ?4 where principal = ?5 and key = ?6")
                .setParameter(1, response.getStatus())
                .setParameter(2, response.getLocation() == null ? null : response.getLocation().toString())
                .setParameter(3, response.getHeaderString(Etags.HEADER)).setParameter(4, write(response.getEntity()))
                .setParameter(5, principal).setParameter(6, key).executeUpdate());
        return response;
    }

    /** Claims the key; null when claimed now, else the stored row (operation, fingerprint, status, location, etag, body). */
    private Object[] claim(String principal, String key, String operation, String fingerprint) {
        // an expired key is free again, and so is a claim whose request never finished: the instance that ran it is gone
        db.createNativeQuery("delete from idempotency_keys where principal = ?1 and key = ?2 and (created_at < ?3 "
                        + "or (status is null and (instance is null or not " + InstanceLock.alive("instance") + ")))")
                .setParameter(1, principal).setParameter(2, key).setParameter(3, OffsetDateTime.now(clock).minus(keep))
                .executeUpdate();
        int claimed = db.createNativeQuery("insert into idempotency_keys (principal, key, operation, fingerprint, created_at, "
                        + "instance) values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing").setParameter(1, principal)
                .setParameter(2, key).setParameter(3, operation).setParameter(4, fingerprint)
                .setParameter(5, OffsetDateTime.now(clock)).setParameter(6, instance.id()).executeUpdate();
        if (claimed == 1) {
            return null;
        }
        return (Object[]) db.createNativeQuery("select operation, fingerprint, status, location, etag, body from idempotency_keys "
                + "where principal = ?1 and key = ?2").setParameter(1, principal).setParameter(2, key).getSingleResult();
    }

    private static Response replay(Object[] first, String operation, String fingerprint) {
        if (!operation.equals(first[0]) || !fingerprint.equals(first[1])) {
            throw ApiProblem.unprocessable("Idempotency-Key", "this key was used for another request; use a new key for a new request");
        }
        if (first[2] == null) {
            throw ApiProblem.conflict("The first request with this Idempotency-Key is still being processed; retry in a moment.");
        }
        Response.ResponseBuilder answer = Response.status(((Number) first[2]).intValue()).header(REPLAYED, "true");
        if (first[3] != null) {
            answer.header(HttpHeaders.LOCATION, first[3]);
        }
        if (first[4] != null) {
            answer.header(Etags.HEADER, first[4]);
        }
        return first[5] == null ? answer.build() : answer.entity(first[5]).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private void release(String principal, String key) {
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery(
                "delete from idempotency_keys where principal = ?1 and key = ?2 and status is null")
                .setParameter(1, principal).setParameter(2, key).executeUpdate());
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("delete from idempotency_keys where created_at < ?1")
                .setParameter(1, OffsetDateTime.now(clock).minus(keep)).executeUpdate());
    }

    /**
     * An uploaded file as a request part: its name and size. Files are not read again to tell a replay: a client that
     * wants the content itself compared sends Repr-Digest, which is part of the request too.
     */
    public static String describe(FileUpload file) {
        return file == null ? "no file" : file.fileName() + " (" + file.size() + " bytes)";
    }

    /** A raw body as a request part: the size it announced. */
    public static String announcedLength() {
        return String.valueOf(CurrentRequestManager.get().serverRequest().getRequestHeader(HttpHeaders.CONTENT_LENGTH));
    }

    private String fingerprint(String operation, List<?> request) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((operation + "\n" + json.writeValueAsString(request))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("request parts are always hashable", e);
        }
    }

    private String write(Object entity) {
        try {
            return entity == null ? null : json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers are always JSON", e);
        }
    }
}
