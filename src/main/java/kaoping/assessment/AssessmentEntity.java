package kaoping.assessment;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import kaoping.persistence.TrackedEntity;

/** One assessor's score (MANUAL leaf) or grade label (GRADE leaf) for one leaf. */
@Entity
@Table(name = "assessments")
public class AssessmentEntity extends TrackedEntity {
    public UUID planId;
    public UUID indicatorId;
    public UUID assessorId;
    public BigDecimal score;
    public String grade;
    public String note;
}
