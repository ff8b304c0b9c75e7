package kaoping.web;

/** Strong ETags made of a version number, and the If-Match rules of RFC 9110 for them. */
public final class Etags {
    public static final String HEADER = "ETag";

    private Etags() {
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
