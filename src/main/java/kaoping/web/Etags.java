package kaoping.web;

import java.net.URI;

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
        return "\"" + version + "\"";
    }

    /** An update must name the version it was based on: none is 428, another is 412. */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiProblem.preconditionRequired();
        }
        checkMatch(ifMatch, currentVersion);
    }

    /** For operations where If-Match is optional: absent passes, a stale one is 412. */
    public static void checkMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current)) {
                return;
            }
        }
        throw ApiProblem.preconditionFailed(current);
    }
}
