package kaoping.assessment;

import kaoping.api.model.Assessment;
import kaoping.api.model.Assessor;
import kaoping.api.model.Progress;
import kaoping.api.model.SelfAssessment;

final class AssessmentMapper {
    private AssessmentMapper() {
    }

    static Assessor toApi(AssessorEntity e, String name) {
        return new Assessor().planId(e.planId).personId(e.personId).name(name).assignedAt(e.assignedAt);
    }

    static Assessment toApi(AssessmentEntity e) {
        return new Assessment().planId(e.planId).indicatorId(e.indicatorId).assessorId(e.assessorId)
                .score(e.score == null ? null : e.score.stripTrailingZeros()).grade(e.grade).note(e.note)
                .version(e.version).createdAt(e.createdAt).updatedAt(e.updatedAt);
    }

    static SelfAssessment toApi(SelfAssessmentEntity e) {
        return new SelfAssessment().planId(e.planId).indicatorId(e.indicatorId).score(e.score.stripTrailingZeros())
                .note(e.note).version(e.version).createdAt(e.createdAt).updatedAt(e.updatedAt);
    }

    static Progress toApi(ProgressEntity e) {
        return new Progress().id(e.id).planId(e.planId).indicatorId(e.indicatorId).period(e.period).periodId(e.periodId)
                .reportedOn(e.reportedOn).actual(e.actual).completion(e.completion).occurrences(e.occurrences)
                .narrative(e.narrative).reportedBy(e.reportedBy).createdAt(e.createdAt);
    }
}
