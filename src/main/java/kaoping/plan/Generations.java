package kaoping.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * What the cached reads are keyed by: a plan's generation (V18__read_generations.sql) and the plan list's
 * (V19__plan_list_changes.sql), each read from the database, so a replica never answers from memory after a change
 * committed anywhere, but read once for all the requests that ask at the same time (SharedLookups).
 */
@ApplicationScoped
class Generations {
    private static final String LIST = "plan list";
    private final AgroalDataSource db;
    private final SharedLookups<UUID, OptionalLong> plans;
    private final SharedLookups<String, OptionalLong> list;

    Generations(AgroalDataSource db, ManagedExecutor worker) {
        this.db = db;
        plans = new SharedLookups<>(plan -> query("select generation from read_generations where plan_id = ?", plan), worker);
        list = new SharedLookups<>(any -> query("select sum(weight) from plan_list_changes", null), worker);
    }

    /** The plan's generation; none before its first change since V18 (nothing is cached then). */
    OptionalLong plan(UUID planId) {
        return plans.get(planId);
    }

    /** The generation of the plan list: it grows at every change of what any page of it shows. */
    long list() {
        return list.get(LIST).orElse(0);
    }

    /** The plan's generation, or the plan list's for none, without blocking: looked up on a worker. */
    CompletionStage<OptionalLong> ask(UUID planId) {
        return planId == null ? list.ask(LIST).thenApply(sum -> OptionalLong.of(sum.orElse(0))) : plans.ask(planId);
    }

    /**
     * Folds the list's change rows into the newest, so that reading its generation stays one short sum: the older rows
     * deleted and their total added to the newest by one statement, so no reader sees the sum change. Replicas doing
     * it at once do no harm: a row deleted by one is skipped by the other, whose total then leaves it out.
     */
    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void foldListChanges() {
        try (Connection connection = db.getConnection();
             PreparedStatement fold = connection.prepareStatement("""
                     with newest as (select max(id) id from plan_list_changes),
                          folded as (delete from plan_list_changes where id < (select id from newest) returning weight)
                     update plan_list_changes set weight = weight + (select sum(weight) from folded)
                      where id = (select id from newest) and exists (select from folded)""")) {
            fold.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fold the plan list's changes", e);
        }
    }

    private OptionalLong query(String sql, UUID plan) {
        try (Connection connection = db.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (plan != null) {
                query.setObject(1, plan);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getObject(1) != null ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a generation of the cached reads", e);
        }
    }
}
