package kaoping.responsibility;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.api.model.AssignmentRole;
import kaoping.api.model.Collective;
import kaoping.api.model.Responsibility;

/** One entry of who answers for a node: a person, a department, or a collective entry of the published table. */
@Entity
@Table(name = "assignments")
public class AssignmentEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    public UUID indicatorId;
    public int position;
    @Enumerated(EnumType.STRING)
    public AssignmentRole role;
    @Enumerated(EnumType.STRING)
    public Responsibility responsibility;
    public UUID personId;
    public UUID departmentId;
    @Enumerated(EnumType.STRING)
    public Collective collective;
}
