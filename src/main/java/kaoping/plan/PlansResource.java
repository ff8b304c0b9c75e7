package kaoping.plan;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.PlansApi;
import kaoping.api.model.PlanInput;
import kaoping.api.model.PlanPage;
import kaoping.api.model.PlanStatus;
import kaoping.web.Etags;
import kaoping.web.Idempotency;
import kaoping.web.Paging;

/** Who may change a plan depends on the plan's unit, so the service checks it (Caller.requirePlanEditor). */
@Authenticated
public class PlansResource implements PlansApi {
    private final PlanService service;
    private final PlanMapper mapper;
    private final Idempotency idempotency;
    private final PlanReads reads;

    public PlansResource(PlanService service, PlanMapper mapper, Idempotency idempotency, PlanReads reads) {
        this.reads = reads;
        this.service = service;
        this.mapper = mapper;
        this.idempotency = idempotency;
    }

    @Override
    public Response listPlans(String ifNoneMatch, Integer year, UUID unitId, PlanStatus status, String series, String q,
                              Integer page, Integer size, String sort) {
        Page p = Paging.page(page, size);
        return reads.list(ifNoneMatch,
                () -> {
                    PanacheQuery<PlanEntity> query = service.list(year, unitId, status, series, q, p, sort);
                    return new PlanPage().page(p.index).size(p.size).total(query.count()).items(mapper.toApi(query.list()));
                });
    }

    @Override
    public Response createPlan(PlanInput input, String idempotencyKey) {
        return idempotency.run(idempotencyKey, "createPlan", List.of(input), () -> {
            PlanEntity plan = service.create(input);
            return Etags.created("/api/v1/plans/" + plan.id, mapper.toApi(plan), plan.version);
        });
    }

    @Override
    public Response getPlan(UUID planId) {
        PlanEntity plan = service.get(planId);
        return Etags.ok(mapper.toApi(plan), plan.version);
    }

    @Override
    public Response updatePlan(UUID planId, String ifMatch, ObjectNode patch) {
        PlanEntity plan = service.update(planId, patch, ifMatch);
        return Etags.ok(mapper.toApi(plan), plan.version);
    }

    @Override
    public Response deletePlan(UUID planId) {
        service.delete(planId);
        return Response.noContent().build();
    }
}
