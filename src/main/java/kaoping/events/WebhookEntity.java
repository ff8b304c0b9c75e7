package kaoping.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An endpoint subscribed to events, with its signing secret(s) and why it was disabled, if it was. */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String url;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> eventTypes;
    public String owner;
    public String secret;
    public String previousSecret;
    public OffsetDateTime previousUntil;
    public OffsetDateTime failingSince;
    public OffsetDateTime disabledAt;
    public String disabledReason;
    public OffsetDateTime createdAt;
}
