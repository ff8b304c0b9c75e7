package kaoping.supervision;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.access.Actor;
import kaoping.api.model.FindingAction;
import kaoping.api.model.FindingStatus;

/** One step of a finding's history, kept as taken. */
@Entity
@Table(name = "finding_steps")
public class FindingStepEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(insertable = false, updatable = false)
    public Long seq;
    public UUID findingId;
    public UUID planId;
    @Enumerated(EnumType.STRING)
    public FindingAction action;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public FindingStatus from;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public FindingStatus to;
    public String report;
    public String reason;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<UUID> evidenceIds;
    public LocalDate deadlineBefore;
    public LocalDate deadlineAfter;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "actor"))
    @AttributeOverride(name = "person", column = @Column(name = "actor_person"))
    @AttributeOverride(name = "name", column = @Column(name = "actor_name"))
    public Actor actor;
    public OffsetDateTime createdAt;
}
