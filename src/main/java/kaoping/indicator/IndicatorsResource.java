package kaoping.indicator;

import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.Authenticated;
import kaoping.api.IndicatorsApi;
import kaoping.api.model.IndicatorMove;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.IndicatorTreeInput;
import kaoping.plan.PlanReads;
import kaoping.web.Etags;

/** Changes need the plan's editor; the service checks it through PlanService.lockForTreeChange. */
@Authenticated
public class IndicatorsResource implements IndicatorsApi {
    private final IndicatorService service;
    private final Instance<NodeDetails> details;
    private final PlanReads reads;

    public IndicatorsResource(IndicatorService service, Instance<NodeDetails> details, PlanReads reads) {
        this.service = service;
        this.details = details;
        this.reads = reads;
    }

    @Override
    public Response getIndicatorTree(UUID planId, String ifNoneMatch) {
        return reads.read(planId, ifNoneMatch, () -> {
            IndicatorService.Tree tree = service.tree(planId);
            decorate(planId, tree.body().getIndicators());
            return new PlanReads.Answer(tree.body(), OptionalLong.of(tree.version()));
        });
    }

    /** Each node's assignments and each leaf's evidence files, with one query each for the whole plan. */
    private void decorate(UUID planId, List<IndicatorNode> nodes) {
        details.forEach(d -> d.addTo(planId, nodes));
    }

    @Override
    public Response replaceIndicatorTree(UUID planId, String ifMatch, IndicatorTreeInput input) {
        return tree(service.replace(planId, input.getIndicators(), ifMatch));
    }

    @Override
    public Response addIndicator(UUID planId, IndicatorNode node, UUID parentId, Integer position) {
        IndicatorNode added = service.add(planId, parentId, position, node);
        return Etags.created("/api/v1/plans/" + planId + "/indicators/" + added.getId(), added, added.getVersion());
    }

    @Override
    public Response getIndicator(UUID planId, UUID indicatorId) {
        IndicatorNode node = service.get(planId, indicatorId);
        decorate(planId, List.of(node));
        return node(node);
    }

    @Override
    public Response updateIndicator(UUID planId, UUID indicatorId, String ifMatch, ObjectNode patch) {
        return node(service.update(planId, indicatorId, patch, ifMatch));
    }

    @Override
    public Response moveIndicator(UUID planId, UUID indicatorId, String ifMatch, IndicatorMove move) {
        return node(service.move(planId, indicatorId, move, ifMatch));
    }

    @Override
    public Response deleteIndicator(UUID planId, UUID indicatorId, String ifMatch) {
        service.delete(planId, indicatorId, ifMatch);
        return Response.noContent().build();
    }

    private static Response tree(IndicatorService.Tree tree) {
        return Etags.ok(tree.body(), tree.version());
    }

    private static Response node(IndicatorNode node) {
        return Etags.ok(node, node.getVersion());
    }
}
