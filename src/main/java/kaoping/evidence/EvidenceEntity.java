package kaoping.evidence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

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
    public String uploadedBy;
    @Enumerated(EnumType.STRING)
    public ReviewStatus reviewStatus;
    public String reviewReason;
    public String reviewedBy;
    public OffsetDateTime reviewedAt;
    public OffsetDateTime deletedAt;
}
