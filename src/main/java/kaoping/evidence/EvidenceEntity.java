package kaoping.evidence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import kaoping.access.Actor;
import kaoping.api.model.EvidenceCategory;
import kaoping.api.model.ReviewStatus;
import kaoping.persistence.TrackedEntity;

/** An evidence file's record; its bytes are the blob named by {@link #sha256}. */
@Entity
@Table(name = "evidence")
public class EvidenceEntity extends TrackedEntity {
    public UUID planId;
    public UUID indicatorId;
    public String filename;
    public long size;
    public String contentType;
    public String sha256;
    @Enumerated(EnumType.STRING)
    public EvidenceCategory category;
    public String title;
    public String description;
    public String period;
    public UUID replaces;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "uploaded_by"))
    @AttributeOverride(name = "person", column = @Column(name = "uploaded_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "uploaded_by_name"))
    public Actor uploadedBy;
    @Enumerated(EnumType.STRING)
    public ReviewStatus reviewStatus;
    public String reviewReason;
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "reviewed_by"))
    @AttributeOverride(name = "person", column = @Column(name = "reviewed_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "reviewed_by_name"))
    public Actor reviewedBy;
    public OffsetDateTime reviewedAt;
    public OffsetDateTime deletedAt;
}
