package kaoping.evidence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import kaoping.api.model.Evidence;

final class EvidenceMapper {
    private EvidenceMapper() {
    }

    static Evidence toApi(EvidenceEntity e) {
        return new Evidence().id(e.id).planId(e.planId).indicatorId(e.indicatorId).filename(e.filename).size(e.size)
                .contentType(e.contentType).sha256(e.sha256).category(e.category).title(e.title)
                .description(e.description).period(e.period).replaces(e.replaces).uploadedBy(e.uploadedBy)
                .uploadedAt(e.createdAt).reviewStatus(e.reviewStatus).reviewReason(e.reviewReason)
                .reviewedBy(e.reviewedBy).reviewedAt(e.reviewedAt).deleted(e.deletedAt != null).deletedAt(e.deletedAt)
                .version(e.version);
    }

    /** Files as the API shows them, each returned one with the file that replaces it: one more query for any number. */
    static List<Evidence> toApi(List<EvidenceEntity> files) {
        Map<UUID, UUID> replacedBy = new HashMap<>();
        // oldest first, so each returned file keeps its newest replacement
        EvidenceEntity.<EvidenceEntity>list("replaces in ?1 and deletedAt is null order by createdAt, id",
                files.stream().map(e -> e.id).toList()).forEach(r -> replacedBy.put(r.replaces, r.id));
        return files.stream().map(e -> toApi(e).replacedBy(replacedBy.get(e.id))).toList();
    }

    static Evidence one(EvidenceEntity e) {
        return toApi(List.of(e)).get(0);
    }
}
