package kaoping.supervision;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import kaoping.access.Actor;
import kaoping.api.model.InspectionKind;
import kaoping.persistence.TrackedEntity;

/** An inspection (督查 / 抽查 / 察访核验) of one unit, against its plan of the year, and its deduction rule. */
@Entity
@Table(name = "inspections")
public class InspectionEntity extends TrackedEntity {
    public UUID planId;
    public UUID unitId;
    @Enumerated(EnumType.STRING)
    public InspectionKind kind;
    public String title;
    public LocalDate inspectedOn;
    public UUID unitHeadPersonId;
    public BigDecimal perFinding;
    public BigDecimal lateClosure;
    public BigDecimal repeated;
    /** Who recorded it: the one who decides its findings' extensions. */
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "issued_by"))
    @AttributeOverride(name = "person", column = @Column(name = "issued_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "issued_by_name"))
    public Actor issuedBy;
}
