package kaoping.web;

import java.net.URI;
import java.util.Arrays;
import java.util.OptionalLong;

import jakarta.ws.rs.core.Response;

/** Strong ETags made of a version number, the If-Match rules of RFC 9110 for them, and responses that carry them. */
public final class Etags {
    public static final String HEADER = "ETag";

    private Etags() {
    }

    /** 200 with the body and its ETag. */
    public static Response ok(Object body, long version) {
        return Response.ok(body).header(HEADER, of(version)).build();
    }

    /** 201 with the body, its ETag and where it lives now. */
    public static Response created(String location, Object body, long version) {
        return Response.created(URI.create(location)).header(HEADER, of(version)).entity(body).build();
    }

    public static String of(long version) {
        return of(String.valueOf(version));
    }

    public static String of(String value) {
        return "\"" + value + "\"";
    }

    /**
     * If-None-Match (RFC 9110 13.1.2, weak comparison): whether the answer must be sent, because the client has none
     * of these tags; absent, every answer is sent.
     */
    public static boolean noneMatch(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return true;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return false;
            }
        }
        return true;
    }

    /** An update must name the version it was based on: none is 428, another is 412. */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiProblem.preconditionRequired();
        }
        checkMatch(ifMatch, currentVersion);
    }

    /**
     * The version an entry made by a PUT starts at: "0" names the entry before it exists, so a create sent with
     * If-Match: "0" holds only while nothing exists, as every other write's If-Match holds only for the version it read.
     */
    public static final long CREATED = 1;

    /**
     * If-Match of a PUT that creates its entry when there is none: changing an entry needs its ETag (428, 412);
     * creating one needs none, or "0", which fails (412) once the entry exists.
     */
    public static void requireMatchOrNew(String ifMatch, OptionalLong current) {
        if (current.isPresent()) {
            requireMatch(ifMatch, current.getAsLong());
        } else if (ifMatch != null && !ifMatch.isBlank()
                && Arrays.stream(ifMatch.split(",")).map(String::trim).noneMatch(of(0)::equals)) {
            throw ApiProblem.preconditionFailed(null); // nothing exists, so no other version can match
        }
    }

    /** For operations where If-Match is optional: absent passes, a stale one is 412. */
    public static void checkMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(currentVersion);
        String read = "\"" + currentVersion + "."; // a read's tag "version.generation" (PlanReads) holds for its version
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current) || t.startsWith(read)) {
                return;
            }
        }
        throw ApiProblem.preconditionFailed(current);
    }
}
