package kaoping.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import kaoping.access.Caller;
import kaoping.web.Encodings;
import kaoping.web.Etags;

/**
 * The reads of one plan (its tree, score, evidence list, responsibility matrix) and the plan list, answered from
 * memory while their generation stays the same. The generation (Generations) changes in the transaction of every
 * change of what those reads show, so a cached answer is never served after the change committed, on any replica:
 * each request reads the generation (one primary-key lookup, shared by the requests that ask at the same time) and
 * compares. The ETag comes from the generation too, so a client that has the answer gets a 304 for the same lookup.
 * <p>
 * An answer is cached for the caller's roles, unit and person and the request's URI: whoever gets it from memory is
 * someone for whom the service computed it, with every check it makes (visibility, roles), at the same generation.
 * Such a request is answered before it reaches a worker thread ({@link #fromMemory}). It is kept gzipped too, for the clients that accept it (every browser): compressed once per generation,
 * not per request, and a fifth of the bytes to send.
 */
@ApplicationScoped
public class PlanReads {
    /** Bytes kept at most, the least recently read forgotten first: a tree of 54 targets is about 44 KB (9 KB gzipped). */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private final Generations generations;
    private final ObjectMapper json;
    private final Caller caller;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    public PlanReads(Generations generations, ObjectMapper json, Caller caller) {
        this.generations = generations;
        this.json = json;
        this.caller = caller;
    }

    /** What a read computes: its body and, for the tree, the tree's version, which leads its ETag (for If-Match). */
    public record Answer(Object body, OptionalLong version) {
        public static Answer of(Object body) {
            return new Answer(body, OptionalLong.empty());
        }
    }

    /** Whose answer to which request: compared part by part, so no free text (a search, a role) passes for another part. */
    private record Key(String uri, Set<String> roles, UUID unit, UUID person) {
    }

    /** An answer as sent: its JSON and the same gzipped, computed at this generation of the plan (or, for none, of the list). */
    private record Entry(UUID planId, long generation, String etag, byte[] body, byte[] gzipped) {
    }

    /**
     * The answer of this request for the plan: a 304 when {@code ifNoneMatch} names its current ETag, from memory
     * when computed at this generation for such a caller, otherwise computed by {@code compute} (which makes every
     * check the read makes).
     */
    public Response read(UUID planId, String ifNoneMatch, Supplier<Answer> compute) {
        HttpServerRequest http = request();
        OptionalLong generation = generations.plan(planId);
        Key key = key(http);
        Entry entry = generation.isPresent() ? cached(key, generation.getAsLong()) : null;
        if (entry == null) {
            Answer answer = compute.get();
            String etag = Etags.of((answer.version().isPresent() ? answer.version().getAsLong() + "." : "")
                    + generation.orElse(0));
            entry = entry(planId, generation.orElse(-1), etag, bytes(answer.body()));
            if (generation.isPresent()) {
                put(key, entry);
            }
        }
        return answer(ifNoneMatch, entry, sendsGzipped(http));
    }

    /**
     * This page of the plan list, kept while the list's generation stays the same. Its ETag is the digest of its JSON,
     * which differs between pages and filters as their answers do.
     */
    public Response list(String ifNoneMatch, Supplier<Object> compute) {
        HttpServerRequest http = request();
        long generation = generations.list();
        Key key = key(http);
        Entry entry = cached(key, generation);
        if (entry == null) {
            byte[] body = bytes(compute.get());
            entry = entry(null, generation, Etags.of(digest(body)), body);
            put(key, entry);
        }
        return answer(ifNoneMatch, entry, sendsGzipped(http));
    }

    /**
     * Answers a read from memory before Quarkus REST hands the request to a worker thread: if this caller's answer to
     * this very request is kept, the generation it was computed at is looked up without blocking the event loop
     * (SharedLookups.ask), and while it is current the request ends here, with what its operation would answer;
     * otherwise (nothing kept, a change since, the lookup failed) the request goes on to its operation. Quarkus REST
     * runs a non-blocking filter before every other one: after authentication and the operation's security check, and
     * before the role check (OperationRoles) and the parameters' (KnownParams), which pass for the same roles and
     * query as when the answer was computed: the key holds both.
     */
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.AUTHENTICATION)
    public Uni<Response> fromMemory(HttpServerRequest http, RoutingContext routing) {
        // only for a caller known already (the identity is not asked for on the event loop), by an API key: a
        // token's person is looked up in the database (Caller.personId)
        Entry entry = http.method() == HttpMethod.GET && routing.user() instanceof QuarkusHttpUser user
                && !user.getSecurityIdentity().isAnonymous() && !caller.hasToken() ? latest(key(http)) : null;
        if (entry == null) {
            return Uni.createFrom().nullItem();
        }
        String ifNoneMatch = http.getHeader(HttpHeaders.IF_NONE_MATCH);
        boolean gzip = sendsGzipped(http);
        Context loop = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> generations.ask(entry.planId()))
                .emitOn(task -> loop.runOnContext(nothing -> task.run()))
                .map(generation -> generation.isPresent() && generation.getAsLong() == entry.generation()
                        ? fromMemory(http, ifNoneMatch, entry, gzip) : null)
                .onFailure().recoverWithNull(); // the operation looks up again and answers the failure its own way
    }

    private static Response fromMemory(HttpServerRequest http, String ifNoneMatch, Entry entry, boolean gzipped) {
        // Quarkus marks every answer "identity" (not to be compressed) until the operation's handler clears the mark
        // for a JSON answer, which an answer from a filter never reaches: cleared here alike, so that HTTP/2 compresses
        // it, and the mark does not stay beside a kept gzip's own Content-Encoding (both would be removed then)
        http.response().headers().remove(HttpHeaders.CONTENT_ENCODING);
        return answer(ifNoneMatch, entry, gzipped);
    }

    private Key key(HttpServerRequest http) {
        return new Key(http.uri(), Set.copyOf(caller.roles()), caller.unitId().orElse(null), caller.personId().orElse(null));
    }

    private static HttpServerRequest request() {
        return CurrentRequestManager.get().serverRequest().unwrap(HttpServerRequest.class);
    }

    /** 200 with the answer, gzipped if the client accepts it, or 304; either way varying with Accept-Encoding. */
    private static Response answer(String ifNoneMatch, Entry entry, boolean gzipped) {
        Response.ResponseBuilder response;
        if (!Etags.noneMatch(ifNoneMatch, entry.etag())) {
            response = Response.notModified();
        } else if (gzipped) {
            response = Response.ok(entry.gzipped(), MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CONTENT_ENCODING, "gzip");
        } else {
            response = Response.ok(entry.body(), MediaType.APPLICATION_JSON_TYPE);
        }
        return response.header(Etags.HEADER, entry.etag()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
    }

    /**
     * Whether the kept gzip may be sent: the client accepts it, over HTTP/1 (over HTTP/2 Netty's encoder compresses
     * every body whose Content-Encoding names gzip, so it compresses the plain answer there itself).
     */
    private static boolean sendsGzipped(HttpServerRequest http) {
        return http.version() != HttpVersion.HTTP_2
                && Encodings.acceptsGzip(String.join(",", http.headers().getAll(HttpHeaders.ACCEPT_ENCODING)));
    }

    private static Entry entry(UUID planId, long generation, String etag, byte[] body) {
        // every JSON answer is compressed for a client that accepts it (quarkus.http.enable-compression): here once
        return new Entry(planId, generation, etag, body, gzip(body));
    }

    private Entry cached(Key key, long generation) {
        Entry entry = latest(key);
        return entry != null && entry.generation() == generation ? entry : null;
    }

    private synchronized Entry latest(Key key) {
        return entries.get(key);
    }

    private synchronized void put(Key key, Entry entry) {
        Entry old = entries.put(key, entry);
        bytes += size(key, entry) - (old == null ? 0 : size(key, old));
        var eldest = entries.entrySet().iterator();
        while (bytes > MAX_BYTES && eldest.hasNext()) {
            var gone = eldest.next();
            bytes -= size(gone.getKey(), gone.getValue());
            eldest.remove();
        }
    }

    /** What an entry holds in memory: its key's URI counts too (a search's text, a long sort), with the objects around. */
    private static long size(Key key, Entry entry) {
        return 2L * key.uri().length() + entry.body().length + entry.gzipped().length + 300;
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a read of a plan as JSON", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("gzip in memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] body) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(body), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
