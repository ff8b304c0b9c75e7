package kaoping.plan;

import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.LifecycleApi;
import kaoping.api.model.ChangeDecision;
import kaoping.api.model.ChangeRequestInput;
import kaoping.api.model.ChangeRequestPage;
import kaoping.api.model.ChangeRequestStatus;
import kaoping.api.model.PlanVersionPage;
import kaoping.api.model.TransitionInput;
import kaoping.api.model.TransitionPage;
import kaoping.web.Etags;
import kaoping.web.Paging;

/** Who takes each transition depends on the action and the plan's unit, so PlanLifecycle checks it. */
@Authenticated
public class LifecycleResource implements LifecycleApi {
    private final PlanLifecycle lifecycle;
    private final PlanMapper mapper;

    public LifecycleResource(PlanLifecycle lifecycle, PlanMapper mapper) {
        this.lifecycle = lifecycle;
        this.mapper = mapper;
    }

    @Override
    public Response transitionPlan(UUID planId, TransitionInput input, String ifMatch) {
        PlanEntity plan = lifecycle.transition(planId, input, ifMatch);
        return Etags.ok(mapper.toApi(plan), plan.version);
    }

    @Override
    public Response listPlanTransitions(UUID planId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<TransitionEntity> query = lifecycle.transitions(planId, p);
        return Response.ok(new TransitionPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(mapper::toApi).toList())).build();
    }

    @Override
    public Response proposeChange(UUID planId, ChangeRequestInput input) {
        ChangeRequestEntity cr = lifecycle.propose(planId, input);
        return Etags.created("/api/v1/plans/" + planId + "/change-requests/" + cr.id, mapper.toApi(cr), cr.version);
    }

    @Override
    public Response listChangeRequests(UUID planId, ChangeRequestStatus status, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<ChangeRequestEntity> query = lifecycle.changeRequests(planId, status, p);
        return Response.ok(new ChangeRequestPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(mapper::toApi).toList())).build();
    }

    @Override
    public Response getChangeRequest(UUID planId, UUID changeRequestId) {
        ChangeRequestEntity cr = lifecycle.changeRequest(planId, changeRequestId);
        return Etags.ok(mapper.toApi(cr), cr.version);
    }

    @Override
    public Response decideChangeRequest(UUID planId, UUID changeRequestId, ChangeDecision decision, String ifMatch) {
        ChangeRequestEntity cr = lifecycle.decide(planId, changeRequestId, decision, ifMatch);
        return Etags.ok(mapper.toApi(cr), cr.version);
    }

    @Override
    public Response listPlanVersions(UUID planId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<PlanVersionEntity> query = lifecycle.versions(planId, p);
        return Response.ok(new PlanVersionPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(mapper::summary).toList())).build();
    }

    @Override
    public Response getPlanVersion(UUID planId, Integer number) {
        return Response.ok(mapper.toApi(lifecycle.version(planId, number))).build();
    }
}
