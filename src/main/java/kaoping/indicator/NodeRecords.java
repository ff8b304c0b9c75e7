package kaoping.indicator;

import java.util.List;
import java.util.UUID;

/**
 * What a later feature records against nodes (evidence files, scores, progress reports), which removing a node would
 * delete with it. Owned here and implemented there, so that the tree does not depend on the features built on it.
 */
public interface NodeRecords {
    /** Whether anything of this feature is recorded against any of these nodes. */
    boolean anyOn(List<UUID> nodeIds);
}
