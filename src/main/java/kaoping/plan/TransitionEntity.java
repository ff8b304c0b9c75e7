package kaoping.plan;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.access.Actor;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.TransitionAction;

/** One step of a plan's yearly cycle, kept as its history. */
@Entity
@Table(name = "plan_transitions")
public class TransitionEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    @Enumerated(EnumType.STRING)
    public TransitionAction action;
    @Enumerated(EnumType.STRING)
    public PlanStatus fromStatus;
    @Enumerated(EnumType.STRING)
    public PlanStatus toStatus;
    public String comment;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "actor"))
    @AttributeOverride(name = "person", column = @Column(name = "actor_person"))
    @AttributeOverride(name = "name", column = @Column(name = "actor_name"))
    public Actor actor;
    public OffsetDateTime createdAt;
}
