package kaoping.indicator;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import kaoping.api.model.IndicatorNode;

/**
 * What a later feature adds to the nodes of a plan's tree when it is read (who answers for them, their evidence).
 * Owned here and implemented there, so that the tree does not depend on the features built on it.
 */
public interface NodeDetails {
    /** Fills this feature's fields in on the nodes (a whole tree or one node) of the plan, one query for the plan. */
    void addTo(UUID planId, List<IndicatorNode> nodes);

    /** Every node of the trees under {@code nodes}, top down. */
    static void forEach(List<IndicatorNode> nodes, Consumer<IndicatorNode> action) {
        for (IndicatorNode n : nodes) {
            action.accept(n);
            if (n.getChildren() != null) {
                forEach(n.getChildren(), action);
            }
        }
    }
}
