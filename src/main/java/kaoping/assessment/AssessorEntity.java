package kaoping.assessment;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person assigned to score one plan. */
@Entity
@Table(name = "plan_assessors")
public class AssessorEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    public UUID personId;
    public OffsetDateTime assignedAt;
}
