package kaoping.responsibility;

import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.ResponsibilityApi;
import kaoping.api.model.AssignmentList;
import kaoping.api.model.AssignmentsInput;
import kaoping.api.model.PersonAssignmentPage;
import kaoping.indicator.IndicatorService;
import kaoping.plan.PlanReads;
import kaoping.web.Etags;
import kaoping.web.Paging;

/** Changes need the plan's editor; the indicator service checks it when the node is locked. */
@Authenticated
public class ResponsibilityResource implements ResponsibilityApi {
    private final AssignmentService service;
    private final IndicatorService indicators;
    private final PlanReads reads;

    public ResponsibilityResource(AssignmentService service, IndicatorService indicators, PlanReads reads) {
        this.reads = reads;
        this.service = service;
        this.indicators = indicators;
    }

    @Override
    public Response getAssignments(UUID planId, UUID indicatorId) {
        long version = indicators.version(planId, indicatorId);
        return list(planId, indicatorId, version);
    }

    @Override
    public Response putAssignments(UUID planId, UUID indicatorId, String ifMatch, AssignmentsInput input) {
        long version = service.replace(planId, indicatorId, input.getItems(), ifMatch);
        return list(planId, indicatorId, version);
    }

    private Response list(UUID planId, UUID indicatorId, long version) {
        return Etags.ok(new AssignmentList().indicatorId(indicatorId).version(version)
                .items(service.of(planId, indicatorId)), version);
    }

    @Override
    public Response getResponsibilityMatrix(UUID planId, String ifNoneMatch) {
        return reads.read(planId, ifNoneMatch, () -> PlanReads.Answer.of(service.matrix(planId)));
    }

    @Override
    public Response listPersonAssignments(UUID personId, Integer year, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        AssignmentService.PersonTargets targets = service.ofPerson(personId, year, p);
        return Response.ok(new PersonAssignmentPage().page(p.index).size(p.size).total(targets.total())
                .items(targets.items())).build();
    }
}
