package kaoping.access;

/** The role names that security checks name (all six are in the contract's Role enum). */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String EVALUATOR = "EVALUATOR";
    public static final String UNIT_COORDINATOR = "UNIT_COORDINATOR";
    public static final String ASSESSOR = "ASSESSOR";
    public static final String AUDITOR = "AUDITOR";
    public static final String RESPONSIBLE = "RESPONSIBLE";

    private Roles() {
    }
}
