package kaoping.supervision;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

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
    public String extensionBy;
    public OffsetDateTime extensionAt;
    public String closureReport;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<UUID> closureEvidenceIds;
    public String closureRequestedBy;
    @jakarta.persistence.Column(name = "closure_requested_by_person")
    public UUID closureRequestedPerson;
    public LocalDate closedOn;
    public String issuedBy;

    boolean extensionPending() {
        return extensionDeadline != null;
    }
}
