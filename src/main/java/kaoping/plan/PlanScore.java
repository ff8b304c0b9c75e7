package kaoping.plan;

import java.util.UUID;

import kaoping.api.model.ScoreResult;

/** A plan's score, as its cycle needs it (closing, changes that must fit the entries); implemented by scoring. */
public interface PlanScore {
    ScoreResult score(UUID planId);
}
