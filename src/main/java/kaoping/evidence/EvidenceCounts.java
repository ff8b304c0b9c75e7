package kaoping.evidence;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.api.model.IndicatorNode;
import kaoping.indicator.NodeDetails;

/** Each target's number of evidence files, in the tree. */
@ApplicationScoped
public class EvidenceCounts implements NodeDetails {
    private final EvidenceService evidence;

    public EvidenceCounts(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @Override
    public void addTo(UUID planId, List<IndicatorNode> nodes) {
        Map<UUID, EvidenceService.Counts> counts = evidence.counts(planId);
        NodeDetails.forEach(nodes, n -> {
            if (n.getChildren() == null || n.getChildren().isEmpty()) {
                n.setEvidenceCount(counts.getOrDefault(n.getId(), EvidenceService.Counts.NONE).files());
            }
        });
    }
}
