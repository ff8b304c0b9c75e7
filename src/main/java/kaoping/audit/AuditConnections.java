package kaoping.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

/**
 * Tells the database who is acting each time a connection leaves the pool: the audit trigger (V5__integrity.sql)
 * reads the connection's kaoping.audit setting, so every row a request changes is recorded in the same transaction,
 * imports and bulk updates included. Outside a request (start-up, scheduled jobs) the actor is "system".
 */
@ApplicationScoped
public class AuditConnections implements AgroalPoolInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String retention;
    private final TransactionManager transactions;

    public AuditConnections(@ConfigProperty(name = "kaoping.audit.retention") Period retention,
                            TransactionManager transactions) {
        this.retention = retention.toString(); // PostgreSQL reads ISO 8601 periods as intervals
        this.transactions = transactions;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        if (!inTransaction()) {
            return; // reads outside a transaction change nothing, so they need no context (and save a round trip)
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ManagedContext requests = Arc.container().requestContext();
        if (requests.isActive()) {
            fields.putAll(Arc.container().instance(AuditContext.class).get().who().fields());
        }
        fields.put("retention", retention);
        try (PreparedStatement set = connection.prepareStatement("select set_config('kaoping.audit', ?, true)")) {
            set.setString(1, JSON.writeValueAsString(fields));
            set.execute();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot pass the audit context to the database", e);
        }
    }

    private boolean inTransaction() {
        try {
            return transactions.getStatus() == Status.STATUS_ACTIVE;
        } catch (SystemException e) {
            throw new IllegalStateException("the transaction manager cannot say whether a transaction is open", e);
        }
    }
}
