package kaoping.assessment;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.AssessmentsApi;
import kaoping.api.model.AssessmentInput;
import kaoping.api.model.AssessmentPage;
import kaoping.api.model.Assessor;
import kaoping.api.model.AssessorInput;
import kaoping.api.model.AssessorPage;
import kaoping.api.model.ProgressInput;
import kaoping.api.model.ProgressPage;
import kaoping.api.model.SelfAssessmentInput;
import kaoping.api.model.SelfAssessmentPage;
import kaoping.web.Idempotency;
import kaoping.web.Etags;
import kaoping.web.Paging;

/** Assessors are managed by an EVALUATOR; who may enter what is decided per plan in the service. */
@Authenticated
public class AssessmentsResource implements AssessmentsApi {
    private final AssessmentService service;
    private final Idempotency idempotency;

    public AssessmentsResource(AssessmentService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    @Override
    public Response listAssessors(UUID planId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<AssessorEntity> query = service.assessors(planId, p);
        List<AssessorEntity> list = query.list();
        Map<UUID, String> names = service.names(list.stream().map(a -> a.personId).toList());
        return Response.ok(new AssessorPage().page(p.index).size(p.size).total(query.count())
                .items(list.stream().map(a -> AssessmentMapper.toApi(a, names.get(a.personId))).toList())).build();
    }

    @Override
    public Response addAssessor(UUID planId, AssessorInput input) {
        AssessorEntity assessor = service.addAssessor(planId, input.getPersonId());
        return Response.created(URI.create("/api/v1/plans/" + planId + "/assessors/" + assessor.personId))
                .entity(withName(assessor)).build();
    }

    @Override
    public Response getAssessor(UUID planId, UUID personId) {
        return Response.ok(withName(service.assessor(planId, personId))).build();
    }

    private Assessor withName(AssessorEntity assessor) {
        return AssessmentMapper.toApi(assessor, service.names(List.of(assessor.personId)).get(assessor.personId));
    }

    @Override
    public Response removeAssessor(UUID planId, UUID personId) {
        service.removeAssessor(planId, personId);
        return Response.noContent().build();
    }

    @Override
    public Response listAssessments(UUID planId, UUID personId, UUID indicatorId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<AssessmentEntity> query = service.assessments(planId, personId, indicatorId, p);
        return Response.ok(new AssessmentPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(AssessmentMapper::toApi).toList())).build();
    }

    @Override
    public Response getAssessment(UUID planId, UUID indicatorId, UUID personId) {
        AssessmentEntity entry = service.assessment(planId, indicatorId, personId);
        return Etags.ok(AssessmentMapper.toApi(entry), entry.version);
    }

    @Override
    public Response putAssessment(UUID planId, UUID indicatorId, UUID personId, AssessmentInput input,
                                  String idempotencyKey, String ifMatch) {
        return idempotency.run(idempotencyKey, "putAssessment", List.of(planId, indicatorId, personId, input), () -> {
            AssessmentService.Saved<AssessmentEntity> saved = service.putAssessment(planId, indicatorId, personId, input, ifMatch);
            return saved(saved.created(), "/api/v1/plans/" + planId + "/indicators/" + indicatorId + "/assessments/" + personId,
                    AssessmentMapper.toApi(saved.entity()), saved.entity().version);
        });
    }

    @Override
    public Response getSelfAssessment(UUID planId, UUID indicatorId) {
        SelfAssessmentEntity entry = service.selfAssessment(planId, indicatorId);
        return Etags.ok(AssessmentMapper.toApi(entry), entry.version);
    }

    @Override
    public Response putSelfAssessment(UUID planId, UUID indicatorId, SelfAssessmentInput input, String ifMatch) {
        AssessmentService.Saved<SelfAssessmentEntity> saved = service.putSelfAssessment(planId, indicatorId, input, ifMatch);
        return saved(saved.created(), "/api/v1/plans/" + planId + "/indicators/" + indicatorId + "/self-assessment",
                AssessmentMapper.toApi(saved.entity()), saved.entity().version);
    }

    private static Response saved(boolean created, String location, Object body, long version) {
        return created ? Etags.created(location, body, version) : Etags.ok(body, version);
    }

    @Override
    public Response listProgress(UUID planId, UUID indicatorId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<ProgressEntity> query = service.progress(planId, indicatorId, p);
        return Response.ok(new ProgressPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(AssessmentMapper::toApi).toList())).build();
    }

    @Override
    public Response listPlanProgress(UUID planId, UUID indicatorId, Integer page, Integer size, String sort) {
        Page p = Paging.page(page, size);
        PanacheQuery<ProgressEntity> query = service.planProgress(planId, indicatorId, sort, p);
        return Response.ok(new ProgressPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(AssessmentMapper::toApi).toList())).build();
    }

    @Override
    public Response listSelfAssessments(UUID planId, Integer page, Integer size, String sort) {
        Page p = Paging.page(page, size);
        PanacheQuery<SelfAssessmentEntity> query = service.selfAssessments(planId, sort, p);
        return Response.ok(new SelfAssessmentPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(AssessmentMapper::toApi).toList())).build();
    }

    @Override
    public Response addProgress(UUID planId, UUID indicatorId, ProgressInput input) {
        ProgressEntity report = service.addProgress(planId, indicatorId, input);
        return Response.created(URI.create("/api/v1/plans/" + planId + "/indicators/" + indicatorId + "/progress/" + report.id))
                .entity(AssessmentMapper.toApi(report)).build();
    }

    @Override
    public Response getProgress(UUID planId, UUID indicatorId, UUID progressId) {
        return Response.ok(AssessmentMapper.toApi(service.report(planId, indicatorId, progressId))).build();
    }
}
