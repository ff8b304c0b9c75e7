package kaoping.assessment;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.indicator.NodeRecords;

/** Scores, self-assessments and progress reports stay part of the record: a node with any is not removed. */
@ApplicationScoped
public class AssessmentRecords implements NodeRecords {
    @Override
    public boolean anyOn(List<UUID> nodeIds) {
        return AssessmentEntity.count("indicatorId in ?1", nodeIds) + SelfAssessmentEntity.count("indicatorId in ?1", nodeIds)
                + ProgressEntity.count("indicatorId in ?1", nodeIds) > 0;
    }
}
