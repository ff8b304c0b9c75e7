package kaoping.persistence;

import java.util.Map;
import java.util.UUID;

/**
 * Something happened that another system may act on (a plan submitted, evidence returned ...). A feature fires it as
 * a CDI event inside the transaction of the change; the events feature observes it there and writes it to its
 * outbox. Owned here, low in the house, so that publishing features do not depend on the events feature.
 *
 * @param type    {@code kaoping.<thing>.<what happened>}, e.g. {@code kaoping.plan.submitted}
 * @param unitId  the unit it concerns (whose users may see it)
 * @param planId  the plan it belongs to, if any
 * @param subject the path of the thing it describes, e.g. {@code plans/<id>/change-requests/<id>}
 * @param version the version of that thing after the change, if it has one
 * @param data    a small payload: what a receiver needs to decide whether to fetch the thing
 */
public record Occurrence(String type, UUID unitId, UUID planId, String subject, Long version, Map<String, Object> data) {
}
