package kaoping.assessment;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import kaoping.persistence.TrackedEntity;

/** The unit's own score of one leaf (自评). */
@Entity
@Table(name = "self_assessments")
public class SelfAssessmentEntity extends TrackedEntity {
    public UUID planId;
    public UUID indicatorId;
    public BigDecimal score;
    public String note;
}
