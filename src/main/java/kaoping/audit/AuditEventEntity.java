package kaoping.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One row of the append-only audit trail; Hibernate never updates it (the database would refuse anyway). */
@Entity
@Immutable
@Table(name = "audit_events")
public class AuditEventEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public OffsetDateTime occurredAt;
    /** The credential, kept as it was stored; with the person it acted as and the name then shown. */
    public String actor;
    public UUID actorPerson;
    public String actorName;
    public String roles;
    public UUID unitId;
    public String action;
    public String change;
    public String entityType;
    public String entityId;
    public UUID planId;
    @JdbcTypeCode(SqlTypes.JSON)
    public String before;
    @JdbcTypeCode(SqlTypes.JSON)
    public String after;
    public String requestId;
    public String clientAddress;
    public String outcome;
    public Integer status;
    public String detail;
    public OffsetDateTime retainUntil;
}
