package kaoping.supervision;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.access.Actor;
import kaoping.api.model.DeductionRule;
import kaoping.api.model.Finding;
import kaoping.api.model.FindingDeduction;
import kaoping.api.model.FindingExtensionRequest;
import kaoping.api.model.FindingStep;
import kaoping.api.model.Inspection;
import kaoping.scoring.AdjustmentEntity;

/** Between the stored rows and the contract's shapes; what is computed (overdue, warning) as of today. */
@ApplicationScoped
public class SupervisionMapper {
    private final Deadlines deadlines;

    public SupervisionMapper(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    Inspection toApi(InspectionEntity i, List<FindingEntity> findings, LocalDate today) {
        return new Inspection().id(i.id).planId(i.planId).unitId(i.unitId).kind(i.kind).title(i.title)
                .inspectedOn(i.inspectedOn).unitHeadPersonId(i.unitHeadPersonId)
                .deduction(new DeductionRule().perFinding(i.perFinding).lateClosure(i.lateClosure).repeated(i.repeated))
                .issuedBy(Actor.api(i.issuedBy)).createdAt(i.createdAt).findings(toApi(findings, today));
    }

    /** Findings with their inspection's kind and their applied deductions, read with one query each. */
    List<Finding> toApi(List<FindingEntity> findings, LocalDate today) {
        if (findings.isEmpty()) {
            return List.of();
        }
        Map<UUID, InspectionEntity> inspections = InspectionEntity.<InspectionEntity>list("id in ?1",
                findings.stream().map(f -> f.inspectionId).distinct().toList()).stream()
                .collect(Collectors.toMap(i -> i.id, Function.identity()));
        Map<UUID, AdjustmentEntity> deductions = AdjustmentEntity.<AdjustmentEntity>list("findingId in ?1",
                findings.stream().map(f -> f.id).toList()).stream()
                .collect(Collectors.toMap(a -> a.findingId, Function.identity()));
        return findings.stream().map(f -> toApi(f, inspections.get(f.inspectionId), deductions.get(f.id), today)).toList();
    }

    private Finding toApi(FindingEntity f, InspectionEntity inspection, AdjustmentEntity deduction, LocalDate today) {
        return new Finding().id(f.id).inspectionId(f.inspectionId).planId(f.planId).unitId(f.unitId).kind(inspection.kind)
                .title(f.title).description(f.description).severity(f.severity).indicatorId(f.indicatorId)
                .evidenceIds(new LinkedHashSet<>(f.evidenceIds)).ownerPersonId(f.ownerPersonId).ownerDepartmentId(f.ownerDepartmentId)
                .leaderPersonId(f.leaderPersonId).repeatOf(f.repeatOf).deadline(f.deadline)
                .originalDeadline(f.originalDeadline).status(f.status)
                .allowedActions(SupervisionService.allowed(f, today))
                .extensionRequest(!f.extensionPending() ? null : new FindingExtensionRequest().newDeadline(f.extensionDeadline)
                        .reason(f.extensionReason).requestedBy(Actor.api(f.extensionBy)).requestedAt(f.extensionAt))
                .closureReport(f.closureReport).closureEvidenceIds(f.closureEvidenceIds == null ? null : new LinkedHashSet<>(f.closureEvidenceIds))
                .closureRequestedBy(Actor.api(f.closureRequestedBy)).overdue(Deadlines.overdue(f, today))
                .daysLeft(Math.toIntExact(Deadlines.daysLeft(f, today)))
                .daysOverdue(Math.toIntExact(Deadlines.daysOverdue(f, today))).warning(deadlines.level(f, today))
                .closedOn(f.closedOn)
                .deduction(deduction == null ? null : new FindingDeduction().points(deduction.points)
                        .appliedAt(deduction.createdAt).adjustmentId(deduction.id))
                .issuedBy(Actor.api(f.issuedBy)).version(f.version).createdAt(f.createdAt).updatedAt(f.updatedAt);
    }

    FindingStep toApi(FindingStepEntity s) {
        return new FindingStep().id(s.id).findingId(s.findingId).action(s.action).from(s.from).to(s.to).report(s.report)
                .reason(s.reason).evidenceIds(new LinkedHashSet<>(s.evidenceIds)).deadlineBefore(s.deadlineBefore)
                .deadlineAfter(s.deadlineAfter).actor(Actor.api(s.actor)).createdAt(s.createdAt);
    }
}
