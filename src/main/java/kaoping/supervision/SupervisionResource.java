package kaoping.supervision;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.SupervisionApi;
import kaoping.api.model.FindingPage;
import kaoping.api.model.FindingStatus;
import kaoping.api.model.FindingStepInput;
import kaoping.api.model.FindingStepPage;
import kaoping.api.model.InspectionInput;
import kaoping.api.model.WarningLevel;
import kaoping.web.Etags;
import kaoping.web.Idempotency;
import kaoping.web.Paging;

@Authenticated
public class SupervisionResource implements SupervisionApi {
    private final SupervisionService supervision;
    private final SupervisionMapper mapper;
    private final Idempotency idempotency;

    public SupervisionResource(SupervisionService supervision, SupervisionMapper mapper, Idempotency idempotency) {
        this.supervision = supervision;
        this.mapper = mapper;
        this.idempotency = idempotency;
    }

    @Override
    public Response createInspection(InspectionInput input, String idempotencyKey) {
        return idempotency.run(idempotencyKey, "createInspection", List.of(input), () -> {
            InspectionEntity inspection = supervision.create(input);
            return Response.created(URI.create("/api/v1/inspections/" + inspection.id)).entity(mapper.toApi(inspection,
                    supervision.findingsOf(inspection.id), supervision.today())).build();
        });
    }

    @Override
    public Response getInspection(UUID inspectionId) {
        InspectionEntity inspection = supervision.inspection(inspectionId);
        return Response.ok(mapper.toApi(inspection, supervision.findingsOf(inspectionId), supervision.today())).build();
    }

    @Override
    public Response listFindings(UUID planId, UUID unitId, UUID inspectionId, FindingStatus status, WarningLevel warning,
                                 Boolean overdue, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        LocalDate today = supervision.today();
        PanacheQuery<FindingEntity> query = supervision.list(new SupervisionService.Query(planId, unitId, inspectionId,
                status, warning, overdue)).page(p);
        return Response.ok(new FindingPage().page(p.index).size(p.size).total(query.count())
                .items(mapper.toApi(query.list(), today))).build();
    }

    @Override
    public Response getFinding(UUID findingId) {
        FindingEntity f = supervision.get(findingId);
        return Etags.ok(mapper.toApi(List.of(f), supervision.today()).get(0), f.version);
    }

    @Override
    public Response stepFinding(UUID findingId, FindingStepInput input, String ifMatch) {
        FindingEntity f = supervision.step(findingId, input, ifMatch);
        return Etags.ok(mapper.toApi(List.of(f), supervision.today()).get(0), f.version);
    }

    @Override
    public Response listFindingHistory(UUID findingId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<FindingStepEntity> query = supervision.history(findingId, p);
        return Response.ok(new FindingStepPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(mapper::toApi).toList())).build();
    }

    @Override
    public Response exportRectificationLedger(String format, UUID planId, UUID unitId, UUID inspectionId,
                                              FindingStatus status, WarningLevel warning, Boolean overdue) {
        LocalDate today = supervision.today();
        List<FindingEntity> findings = supervision.list(new SupervisionService.Query(planId, unitId, inspectionId, status,
                warning, overdue)).list();
        return Ledger.download(format == null ? "xlsx" : format, Ledger.lines(findings, today), "整改台账-" + today);
    }
}
