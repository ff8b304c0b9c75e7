package kaoping.persistence;

import java.util.function.Supplier;

import io.quarkus.hibernate.orm.panache.Panache;
import kaoping.web.ApiProblem;

public final class Db {
    private Db() {
    }

    public static void flush() {
        Panache.getEntityManager().flush();
    }

    /**
     * Flushes now so that a foreign-key or unique violation surfaces here, as a 409 with a message the caller
     * understands, instead of at commit as a generic failure.
     */
    public static void flushOrConflict(String message) {
        flushOr(() -> ApiProblem.conflict(message));
    }

    /** Flushes now; a foreign-key or unique violation becomes the given problem. */
    public static void flushOr(Supplier<ApiProblem> problem) {
        try {
            Panache.getEntityManager().flush();
        } catch (org.hibernate.exception.ConstraintViolationException e) {
            throw problem.get();
        }
    }
}
