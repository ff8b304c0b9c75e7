package kaoping.indicator;

import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.Authenticated;
import kaoping.api.IndicatorsApi;
import kaoping.api.model.IndicatorMove;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.IndicatorTreeInput;
import kaoping.web.Etags;

/** Changes need the plan's editor; the service checks it through PlanService.lockForTreeChange. */
@Authenticated
public class IndicatorsResource implements IndicatorsApi {
    private final IndicatorService service;

    public IndicatorsResource(IndicatorService service) {
        this.service = service;
    }

    @Override
    public Response getIndicatorTree(UUID planId) {
        return tree(service.tree(planId));
    }

    @Override
    public Response replaceIndicatorTree(UUID planId, IndicatorTreeInput input, String ifMatch) {
        return tree(service.replace(planId, input.getIndicators(), ifMatch));
    }

    @Override
    public Response addIndicator(UUID planId, IndicatorNode node, UUID parentId, Integer position) {
        IndicatorNode added = service.add(planId, parentId, position, node);
        return Etags.created("/api/v1/plans/" + planId + "/indicators/" + added.getId(), added, added.getVersion());
    }

    @Override
    public Response getIndicator(UUID planId, UUID indicatorId) {
        return node(service.get(planId, indicatorId));
    }

    @Override
    public Response updateIndicator(UUID planId, UUID indicatorId, ObjectNode patch, String ifMatch) {
        return node(service.update(planId, indicatorId, patch, ifMatch));
    }

    @Override
    public Response moveIndicator(UUID planId, UUID indicatorId, IndicatorMove move, String ifMatch) {
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
