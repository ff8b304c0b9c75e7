package kaoping.plan;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.OptimisticLock;
import org.hibernate.type.SqlTypes;

import kaoping.api.model.PlanStatus;
import kaoping.persistence.TrackedEntity;

@Entity
@Table(name = "plans")
public class PlanEntity extends TrackedEntity {
    public String title;
    public int year;
    public UUID unitId;
    public String series;
    public String documentNumber;
    @Enumerated(EnumType.STRING)
    public PlanStatus status;
    /** The plan's ScoringRules as JSON, always complete (defaults filled in). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String scoringRules;
    /**
     * The tree's version, bumped by every change of an indicator: the ETag of the whole tree. It does not move the
     * plan's own version, so editing the tree never makes a plan edit stale.
     */
    @OptimisticLock(excluded = true)
    public long treeVersion;
    /** Scores of the components other than the tree, by key, as a JSON object. */
    @JdbcTypeCode(SqlTypes.JSON)
    @OptimisticLock(excluded = true)
    public String componentScores = "{}";
    /** Bumped by every change of the component scores: their ETag, apart from the plan's version. */
    @OptimisticLock(excluded = true)
    public long componentScoresVersion;

    /** The tree and the plan's fields change only while the unit drafts the plan (a returned plan is a draft again). */
    public boolean editable() {
        return status == PlanStatus.DRAFT || status == PlanStatus.RETURNED;
    }
}
