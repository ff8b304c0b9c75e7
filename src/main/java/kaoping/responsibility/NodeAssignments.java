package kaoping.responsibility;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.api.model.Assignment;
import kaoping.api.model.IndicatorNode;
import kaoping.indicator.NodeDetails;

/** Who answers for each node, in the tree. */
@ApplicationScoped
public class NodeAssignments implements NodeDetails {
    private final AssignmentService assignments;

    public NodeAssignments(AssignmentService assignments) {
        this.assignments = assignments;
    }

    @Override
    public void addTo(UUID planId, List<IndicatorNode> nodes) {
        Map<UUID, List<Assignment>> byNode = assignments.byNode(planId);
        NodeDetails.forEach(nodes, n -> n.setAssignments(byNode.get(n.getId())));
    }
}
