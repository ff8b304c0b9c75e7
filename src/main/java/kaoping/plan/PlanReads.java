package kaoping.plan;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import kaoping.access.Caller;
import kaoping.web.Etags;

/**
 * The reads of one plan (its tree, score, evidence list, responsibility matrix), answered from memory while the plan's
 * generation stays the same. The generation (V18__read_generations.sql) changes in the transaction of every change
 * of what those reads show, so a cached answer is never served after the change committed, on any replica: each
 * request reads the generation (one primary-key lookup) and compares. The ETag is the generation too, so a client
 * that has the answer gets a 304 for the same lookup.
 * <p>
 * An answer is cached for the caller's roles, unit and person and the request's parameters: whoever gets it from
 * memory is someone for whom the service computed it, with every check it makes (visibility, roles), at the same
 * generation.
 */
@ApplicationScoped
public class PlanReads {
    /** Bytes of JSON kept at most, the least recently read forgotten first: a tree of 54 targets is about 17 KB. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private final AgroalDataSource db;
    private final ObjectMapper json;
    private final Caller caller;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    public PlanReads(AgroalDataSource db, ObjectMapper json, Caller caller) {
        this.db = db;
        this.json = json;
        this.caller = caller;
    }

    /** What a read computes: its body and, for the tree, the tree's version, which leads its ETag (for If-Match). */
    public record Answer(Object body, OptionalLong version) {
        public static Answer of(Object body) {
            return new Answer(body, OptionalLong.empty());
        }
    }

    private record Entry(long generation, String etag, byte[] body) {
    }

    /**
     * The answer of {@code read} (a name for the operation and its parameters) for the plan: a 304 when
     * {@code ifNoneMatch} names its current ETag, from memory when computed at this generation for such a caller,
     * otherwise computed by {@code compute} (which makes every check the read makes).
     */
    public Response read(UUID planId, String read, String ifNoneMatch, Supplier<Answer> compute) {
        OptionalLong generation = generation(planId);
        String key = read + '|' + planId + '|' + new TreeSet<>(caller.roles()) + '|' + caller.unitId().orElse(null)
                + '|' + caller.personId().orElse(null);
        Entry entry = generation.isPresent() ? cached(key, generation.getAsLong()) : null;
        if (entry == null) {
            Answer answer = compute.get();
            String etag = Etags.of((answer.version().isPresent() ? answer.version().getAsLong() + "." : "")
                    + generation.orElse(0));
            entry = new Entry(generation.orElse(-1), etag, bytes(answer.body()));
            if (generation.isPresent()) {
                put(key, entry);
            }
        }
        return answer(ifNoneMatch, entry);
    }

    /**
     * A read that spans plans (the plan list), which no one generation names: computed every time, and its ETag is
     * the digest of its JSON, so a client that has it still gets a 304 and no body.
     */
    public Response hashed(String ifNoneMatch, Object body) {
        byte[] bytes = bytes(body);
        String etag;
        try {
            etag = Etags.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        return answer(ifNoneMatch, new Entry(0, etag, bytes));
    }

    private static Response answer(String ifNoneMatch, Entry entry) {
        if (Etags.noneMatch(ifNoneMatch, entry.etag())) {
            return Response.ok(entry.body(), MediaType.APPLICATION_JSON_TYPE).header(Etags.HEADER, entry.etag()).build();
        }
        return Response.notModified().header(Etags.HEADER, entry.etag()).build();
    }

    /** The plan's generation; none before its first change since V18 (nothing is cached then). */
    private OptionalLong generation(UUID planId) {
        try (Connection connection = db.getConnection();
             PreparedStatement query = connection.prepareStatement("select generation from read_generations where plan_id = ?")) {
            query.setObject(1, planId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the generation of plan " + planId, e);
        }
    }

    private synchronized Entry cached(String key, long generation) {
        Entry entry = entries.get(key);
        return entry != null && entry.generation() == generation ? entry : null;
    }

    private synchronized void put(String key, Entry entry) {
        Entry old = entries.put(key, entry);
        bytes += entry.body().length - (old == null ? 0 : old.body().length);
        var eldest = entries.values().iterator();
        while (bytes > MAX_BYTES && eldest.hasNext()) {
            bytes -= eldest.next().body().length;
            eldest.remove();
        }
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a read of a plan as JSON", e);
        }
    }
}
