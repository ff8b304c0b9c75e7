package kaoping.plan;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import kaoping.access.Actor;
import kaoping.api.model.ChangeRequestStatus;
import kaoping.persistence.TrackedEntity;

/** A proposed set of edits of an approved tree, with its reason and the evaluator's decision. */
@Entity
@Table(name = "change_requests")
public class ChangeRequestEntity extends TrackedEntity {
    public UUID planId;
    public String reason;
    /** The edits (IndicatorChange list) as JSON, as proposed. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String changes;
    @Enumerated(EnumType.STRING)
    public ChangeRequestStatus status;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "proposed_by"))
    @AttributeOverride(name = "person", column = @Column(name = "proposed_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "proposed_by_name"))
    public Actor proposedBy;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "decided_by"))
    @AttributeOverride(name = "person", column = @Column(name = "decided_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "decided_by_name"))
    public Actor decidedBy;
    public OffsetDateTime decidedAt;
    public String comment;
    public Integer resultVersion;
}
