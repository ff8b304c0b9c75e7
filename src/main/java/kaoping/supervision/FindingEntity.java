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
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import kaoping.access.Actor;
import kaoping.api.model.FindingSeverity;
import kaoping.api.model.FindingStatus;
import kaoping.persistence.TrackedEntity;

/** A problem an inspection found, followed up until it is closed (销号). Overdue and warnings are computed. */
@Entity
@Table(name = "findings")
public class FindingEntity extends TrackedEntity {
    public UUID inspectionId;
    public UUID planId;
    public UUID unitId;
    public int position;
    public String title;
    public String description;
    @Enumerated(EnumType.STRING)
    public FindingSeverity severity;
    public UUID indicatorId;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<UUID> evidenceIds;
    public UUID ownerPersonId;
    public UUID ownerDepartmentId;
    public UUID leaderPersonId;
    public UUID repeatOf;
    public LocalDate deadline;
    public LocalDate originalDeadline;
    @Enumerated(EnumType.STRING)
    public FindingStatus status;
    public LocalDate extensionDeadline;
    public String extensionReason;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "extension_by"))
    @AttributeOverride(name = "person", column = @Column(name = "extension_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "extension_by_name"))
    public Actor extensionBy;
    public OffsetDateTime extensionAt;
    public String closureReport;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<UUID> closureEvidenceIds;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "closure_requested_by"))
    @AttributeOverride(name = "person", column = @Column(name = "closure_requested_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "closure_requested_by_name"))
    public Actor closureRequestedBy;
    public LocalDate closedOn;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "issued_by"))
    @AttributeOverride(name = "person", column = @Column(name = "issued_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "issued_by_name"))
    public Actor issuedBy;

    boolean extensionPending() {
        return extensionDeadline != null;
    }
}
