package kaoping.evidence;

import kaoping.access.Actor;
import kaoping.api.model.Evidence;

final class EvidenceMapper {
    private EvidenceMapper() {
    }

    static Evidence toApi(EvidenceEntity e) {
        return new Evidence().id(e.id).planId(e.planId).indicatorId(e.indicatorId).filename(e.filename).size(e.size)
                .contentType(e.contentType).sha256(e.sha256).category(e.category).title(e.title)
                .description(e.description).period(e.period).replaces(e.replaces).uploadedBy(Actor.api(e.uploadedBy))
                .uploadedAt(e.createdAt).reviewStatus(e.reviewStatus).reviewReason(e.reviewReason)
                .reviewedBy(Actor.api(e.reviewedBy)).reviewedAt(e.reviewedAt).deleted(e.deletedAt != null).deletedAt(e.deletedAt)
                .version(e.version);
    }
}
