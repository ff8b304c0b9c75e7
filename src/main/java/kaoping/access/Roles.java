package kaoping.access;

/** The role names of api.md, as they appear in tokens, keys and security annotations. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String EVALUATOR = "EVALUATOR";
    public static final String ASSESSOR = "ASSESSOR";
    public static final String UNIT_COORDINATOR = "UNIT_COORDINATOR";
    public static final String RESPONSIBLE = "RESPONSIBLE";
    public static final String AUDITOR = "AUDITOR";

    private Roles() {
    }
}
