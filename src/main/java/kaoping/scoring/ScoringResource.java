package kaoping.scoring;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.ScoringApi;
import kaoping.api.model.AdjustmentInput;
import kaoping.api.model.AdjustmentPage;
import kaoping.api.model.ComponentScores;
import kaoping.api.model.ComponentScoresInput;
import kaoping.api.model.EvaluationRequest;
import kaoping.api.model.PlanStatus;
import kaoping.plan.PlanReads;
import kaoping.web.Idempotency;
import kaoping.web.Etags;
import kaoping.web.Paging;

/** Scores and rankings for every authenticated caller; adjustments and component scores are an EVALUATOR's. */
@Authenticated
public class ScoringResource implements ScoringApi {
    private final ScoreService scores;
    private final AdjustmentService adjustments;
    private final Idempotency idempotency;
    private final PlanReads reads;

    public ScoringResource(ScoreService scores, AdjustmentService adjustments, Idempotency idempotency, PlanReads reads) {
        this.reads = reads;
        this.scores = scores;
        this.adjustments = adjustments;
        this.idempotency = idempotency;
    }

    @Override
    public Response evaluateScoring(EvaluationRequest request) {
        return Response.ok(scores.evaluate(request)).build();
    }

    @Override
    public Response getPlanScore(UUID planId, String ifNoneMatch) {
        return reads.read(planId, ifNoneMatch, () -> PlanReads.Answer.of(scores.score(planId)));
    }

    @Override
    public Response getRankings(Integer year, String series, List<PlanStatus> status) {
        return Response.ok(scores.ranking(year, series, status)).build();
    }

    @Override
    public Response listAdjustments(UUID planId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<AdjustmentEntity> query = adjustments.list(planId, p);
        return Response.ok(new AdjustmentPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(ScoringMapper::toApi).toList())).build();
    }

    @Override
    public Response addAdjustment(UUID planId, AdjustmentInput input, String idempotencyKey) {
        return idempotency.run(idempotencyKey, "addAdjustment", List.of(planId, input), () -> {
            AdjustmentEntity item = adjustments.add(planId, input);
            return Response.created(URI.create("/api/v1/plans/" + planId + "/adjustments/" + item.id))
                    .entity(ScoringMapper.toApi(item)).build();
        });
    }

    @Override
    public Response getAdjustment(UUID planId, UUID adjustmentId) {
        return Response.ok(ScoringMapper.toApi(adjustments.get(planId, adjustmentId))).build();
    }

    @Override
    public Response deleteAdjustment(UUID planId, UUID adjustmentId) {
        adjustments.delete(planId, adjustmentId);
        return Response.noContent().build();
    }

    @Override
    public Response getComponentScores(UUID planId) {
        return componentScores(adjustments.componentScores(planId));
    }

    @Override
    public Response putComponentScores(UUID planId, String ifMatch, ComponentScoresInput input) {
        return componentScores(adjustments.putComponentScores(planId, input.getScores(), ifMatch));
    }

    private static Response componentScores(AdjustmentService.Scores s) {
        return Etags.ok(new ComponentScores().scores(s.scores()).version(s.version()), s.version());
    }
}
