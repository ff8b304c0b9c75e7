package kaoping.reporting;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.access.Actor;

/** A window, granted by an EVALUATOR, in which a locked period takes reports again (one target, or all of them). */
@Entity
@Table(name = "period_unlocks")
public class UnlockEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    public UUID periodId;
    public UUID indicatorId;
    public String reason;
    public OffsetDateTime expiresAt;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "granted_by"))
    @AttributeOverride(name = "person", column = @Column(name = "granted_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "granted_by_name"))
    public Actor grantedBy;
    public OffsetDateTime createdAt;
}
