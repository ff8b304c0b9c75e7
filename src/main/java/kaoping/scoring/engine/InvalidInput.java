package kaoping.scoring.engine;

import java.util.List;

/** Inputs the rules of scoring.md refuse, each named by its path; nothing is scored. */
public class InvalidInput extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidInput(List<Violation> violations) {
        super(violations.size() + " invalid input(s), first: " + violations.get(0));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    public record Violation(String path, String message) {
    }
}
