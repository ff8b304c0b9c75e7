package kaoping.org;

import java.util.UUID;

/**
 * A person now belongs to another unit. Fired in the transaction of the change, so that what the person could do
 * for the old unit (its keys, its targets) ends with it; the features holding such rights observe it.
 */
public record PersonMoved(UUID personId, UUID fromUnitId, UUID toUnitId) {
}
