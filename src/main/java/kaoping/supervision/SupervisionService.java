package kaoping.supervision;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.web.Clocks;
import kaoping.access.Actor;
import kaoping.access.Caller;
import kaoping.access.Roles;
import kaoping.api.model.DeductionRule;
import kaoping.api.model.FieldError;
import kaoping.api.model.FindingAction;
import kaoping.api.model.FindingInput;
import kaoping.api.model.FindingStatus;
import kaoping.api.model.FindingStepInput;
import kaoping.api.model.InspectionInput;
import kaoping.api.model.WarningLevel;
import kaoping.evidence.EvidenceService;
import kaoping.indicator.IndicatorEntity;
import kaoping.org.PersonEntity;
import kaoping.org.UnitEntity;
import kaoping.persistence.Filter;
import kaoping.persistence.Occurrence;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;

/** Inspections and their findings' life: issued, rectified, closure requested, verified, closed; extensions. */
@ApplicationScoped
public class SupervisionService {
    /** What each step takes besides {@code action}; anything else sent with it is refused. */
    private static final Map<FindingAction, Set<String>> TAKES = new EnumMap<>(Map.of(
            FindingAction.START, Set.of(),
            FindingAction.REQUEST_CLOSURE, Set.of("report", "evidenceIds"),
            FindingAction.CLOSE, Set.of(),
            FindingAction.RETURN, Set.of("reason"),
            FindingAction.REQUEST_EXTENSION, Set.of("newDeadline", "reason"),
            FindingAction.GRANT_EXTENSION, Set.of("reason"),
            FindingAction.REFUSE_EXTENSION, Set.of("reason")));
    private static final Map<FindingAction, String> EVENTS = new EnumMap<>(Map.of(
            FindingAction.ISSUE, "issued", FindingAction.START, "started", FindingAction.REQUEST_CLOSURE, "closure_requested",
            FindingAction.CLOSE, "closed", FindingAction.RETURN, "returned", FindingAction.REQUEST_EXTENSION,
            "extension_requested", FindingAction.GRANT_EXTENSION, "extension_granted", FindingAction.REFUSE_EXTENSION,
            "extension_refused"));

    private final PlanService plans;
    private final Caller caller;
    private final Clock clock;
    private final Deadlines deadlines;
    private final Deductions deductions;
    private final Event<Occurrence> occurred;
    private final DeductionRule defaults;

    public SupervisionService(PlanService plans, Caller caller, Clock clock, Deadlines deadlines, Deductions deductions,
                              Event<Occurrence> occurred,
                              @ConfigProperty(name = "kaoping.findings.deduction.per-finding") BigDecimal perFinding,
                              @ConfigProperty(name = "kaoping.findings.deduction.late-closure") BigDecimal lateClosure,
                              @ConfigProperty(name = "kaoping.findings.deduction.repeated") BigDecimal repeated) {
        this.plans = plans;
        this.caller = caller;
        this.clock = clock;
        this.deadlines = deadlines;
        this.deductions = deductions;
        this.occurred = occurred;
        this.defaults = new DeductionRule().perFinding(perFinding).lateClosure(lateClosure).repeated(repeated);
    }

    LocalDate today() {
        return Clocks.today(clock);
    }

    /** The inspection and all its findings, or nothing (422 naming every field at fault). */
    @Transactional
    public InspectionEntity create(InspectionInput in) {
        PlanEntity plan = PlanEntity.findById(in.getPlanId());
        if (plan == null) {
            throw ApiProblem.unprocessable("planId", "no plan " + in.getPlanId());
        }
        PlanService.requireStatus(plan, "An inspection", PlanService.REPORTING);
        List<FieldError> errors = new ArrayList<>();
        DeductionRule rule = in.getDeduction() == null ? new DeductionRule() : in.getDeduction();
        BigDecimal perFinding = points(rule.getPerFinding(), defaults.getPerFinding(), "deduction.perFinding", errors);
        BigDecimal lateClosure = points(rule.getLateClosure(), defaults.getLateClosure(), "deduction.lateClosure", errors);
        BigDecimal repeated = points(rule.getRepeated(), defaults.getRepeated(), "deduction.repeated", errors);
        References refs = new References(plan, in);
        if (in.getUnitHeadPersonId() != null && !refs.people.contains(in.getUnitHeadPersonId())) {
            errors.add(ApiProblem.field("unitHeadPersonId", "no person of the plan's unit"));
        }
        for (int i = 0; i < in.getFindings().size(); i++) {
            errors.addAll(refs.check(in.getFindings().get(i), "findings[" + i + "]", in.getInspectedOn()));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        InspectionEntity inspection = new InspectionEntity();
        inspection.planId = plan.id;
        inspection.unitId = plan.unitId;
        inspection.kind = in.getKind();
        inspection.title = in.getTitle();
        inspection.inspectedOn = in.getInspectedOn();
        inspection.unitHeadPersonId = in.getUnitHeadPersonId();
        inspection.perFinding = perFinding;
        inspection.lateClosure = lateClosure;
        inspection.repeated = repeated;
        inspection.issuedBy = caller.actor();
        inspection.persist();
        for (int i = 0; i < in.getFindings().size(); i++) {
            FindingEntity f = finding(inspection, in.getFindings().get(i), i);
            f.persist();
            record(f, FindingAction.ISSUE, null, null, null, List.of(), null);
        }
        return inspection;
    }

    private static BigDecimal points(BigDecimal given, BigDecimal fallback, String field, List<FieldError> errors) {
        BigDecimal points = given == null ? fallback : given;
        if (points.stripTrailingZeros().scale() > 2) {
            errors.add(ApiProblem.field(field, "at most 2 decimals"));
        }
        return points;
    }

    private FindingEntity finding(InspectionEntity inspection, FindingInput in, int position) {
        FindingEntity f = new FindingEntity();
        f.id = UUID.randomUUID();
        f.inspectionId = inspection.id;
        f.planId = inspection.planId;
        f.unitId = inspection.unitId;
        f.position = position;
        f.title = in.getTitle();
        f.description = in.getDescription();
        f.severity = in.getSeverity();
        f.indicatorId = in.getIndicatorId();
        f.evidenceIds = in.getEvidenceIds() == null ? List.of() : List.copyOf(in.getEvidenceIds());
        f.ownerPersonId = in.getOwnerPersonId();
        f.ownerDepartmentId = in.getOwnerDepartmentId();
        f.leaderPersonId = in.getLeaderPersonId();
        f.repeatOf = in.getRepeatOf();
        f.deadline = in.getDeadline();
        f.originalDeadline = in.getDeadline();
        f.status = FindingStatus.ISSUED;
        f.issuedBy = inspection.issuedBy;
        return f;
    }

    /** What the findings of one call may refer to, read with one query per kind. */
    private static final class References {
        final Set<UUID> people;
        final Set<UUID> departments;
        final Set<UUID> indicators;
        final Set<UUID> earlier;
        final PlanEntity plan;

        References(PlanEntity plan, InspectionInput in) {
            this.plan = plan;
            List<FindingInput> findings = in.getFindings();
            Set<UUID> persons = new HashSet<>();
            persons.add(in.getUnitHeadPersonId());
            findings.forEach(f -> {
                persons.add(f.getOwnerPersonId());
                persons.add(f.getLeaderPersonId());
            });
            people = ids(PersonEntity.<PersonEntity>list("id in ?1 and unitId = ?2", nonNull(persons), plan.unitId), p -> p.id);
            departments = ids(UnitEntity.<UnitEntity>list("id in ?1 and rootUnitId = ?2 and id <> ?2",
                    nonNull(findings.stream().map(FindingInput::getOwnerDepartmentId).toList()), plan.unitId), u -> u.id);
            indicators = ids(IndicatorEntity.<IndicatorEntity>list("id in ?1 and planId = ?2",
                    nonNull(findings.stream().map(FindingInput::getIndicatorId).toList()), plan.id), i -> i.id);
            earlier = ids(FindingEntity.<FindingEntity>list("id in ?1 and unitId = ?2",
                    nonNull(findings.stream().map(FindingInput::getRepeatOf).toList()), plan.unitId), f -> f.id);
        }

        List<FieldError> check(FindingInput f, String at, LocalDate inspectedOn) {
            List<FieldError> errors = new ArrayList<>();
            if (f.getTitle().isBlank()) {
                errors.add(ApiProblem.field(at + ".title", "a finding says what was found"));
            }
            if (!people.contains(f.getOwnerPersonId())) {
                errors.add(ApiProblem.field(at + ".ownerPersonId", "no person of the plan's unit"));
            }
            if (f.getLeaderPersonId() != null && !people.contains(f.getLeaderPersonId())) {
                errors.add(ApiProblem.field(at + ".leaderPersonId", "no person of the plan's unit"));
            }
            if (f.getOwnerDepartmentId() != null && !departments.contains(f.getOwnerDepartmentId())) {
                errors.add(ApiProblem.field(at + ".ownerDepartmentId", "no department of the plan's unit"));
            }
            if (f.getIndicatorId() != null && !indicators.contains(f.getIndicatorId())) {
                errors.add(ApiProblem.field(at + ".indicatorId", "no indicator of the plan"));
            }
            if (f.getRepeatOf() != null && !earlier.contains(f.getRepeatOf())) {
                errors.add(ApiProblem.field(at + ".repeatOf", "no earlier finding of the plan's unit"));
            }
            if (f.getDeadline().isBefore(inspectedOn)) {
                errors.add(ApiProblem.field(at + ".deadline", "not before the inspection (" + inspectedOn + ")"));
            }
            errors.addAll(EvidenceService.notOfPlan(plan.id, f.getEvidenceIds() == null ? Set.of() : f.getEvidenceIds(),
                    at + ".evidenceIds"));
            return errors;
        }

        private static List<UUID> nonNull(java.util.Collection<UUID> ids) {
            return queryable(ids.stream());
        }

        private static <T> Set<UUID> ids(List<T> rows, Function<T, UUID> id) {
            return rows.stream().map(id).collect(Collectors.toSet());
        }
    }

    /** Ids for an "in ?1" parameter: distinct, without nulls, never empty ("in ()" is no valid query). */
    static List<UUID> queryable(Stream<UUID> ids) {
        List<UUID> list = ids.filter(Objects::nonNull).distinct().toList();
        return list.isEmpty() ? List.of(new UUID(0, 0)) : list;
    }

    /** An inspection whose plan the caller sees; 404 otherwise. */
    public InspectionEntity inspection(UUID id) {
        InspectionEntity inspection = InspectionEntity.findById(id);
        if (inspection == null || !caller.sees(inspection.planId, inspection.unitId)) {
            throw ApiProblem.notFound("inspection", id);
        }
        return inspection;
    }

    public List<FindingEntity> findingsOf(UUID inspectionId) {
        return FindingEntity.list("inspectionId", Sort.by("position"), inspectionId);
    }

    /** A finding whose plan the caller sees; 404 otherwise. */
    public FindingEntity get(UUID id) {
        return visible(FindingEntity.findById(id), id);
    }

    private FindingEntity visible(FindingEntity f, UUID id) {
        if (f == null || !caller.sees(f.planId, f.unitId)) {
            throw ApiProblem.notFound("finding", id);
        }
        return f;
    }

    public record Query(UUID planId, UUID unitId, UUID inspectionId, FindingStatus status, WarningLevel warning,
                        Boolean overdue) {
    }

    /** The findings the caller sees, filtered, oldest deadline first. */
    public PanacheQuery<FindingEntity> list(Query q) {
        Filter filter = plans.visibleTo(new Filter(), "unitId", "planId").eq("planId", q.planId()).eq("unitId", q.unitId())
                .eq("inspectionId", q.inspectionId()).eq("status", q.status());
        deadlines.filter(filter, q.warning(), q.overdue(), today());
        return FindingEntity.find(filter.query(), Sort.by("deadline").and("createdAt").and("position").and("id"),
                filter.params());
    }

    public PanacheQuery<FindingStepEntity> history(UUID findingId, Page page) {
        get(findingId);
        return FindingStepEntity.<FindingStepEntity>find("findingId", Sort.by("seq"), findingId).page(page);
    }

    /** The steps the finding's status allows today, whoever may take them. */
    static List<FindingAction> allowed(FindingEntity f, LocalDate today) {
        List<FindingAction> allowed = new ArrayList<>();
        switch (f.status) {
            case ISSUED -> allowed.add(FindingAction.START);
            case IN_RECTIFICATION -> allowed.add(FindingAction.REQUEST_CLOSURE);
            case CLOSURE_REQUESTED -> allowed.addAll(List.of(FindingAction.CLOSE, FindingAction.RETURN));
            case CLOSED -> {
                return allowed;
            }
        }
        if (f.extensionPending()) {
            allowed.addAll(List.of(FindingAction.GRANT_EXTENSION, FindingAction.REFUSE_EXTENSION));
        } else if (f.status != FindingStatus.CLOSURE_REQUESTED && !Deadlines.overdue(f, today)) {
            allowed.add(FindingAction.REQUEST_EXTENSION);
        }
        return allowed;
    }

    @Transactional
    public FindingEntity step(UUID id, FindingStepInput in, String ifMatch) {
        FindingEntity f = visible(FindingEntity.findById(id, LockModeType.PESSIMISTIC_WRITE), id);
        Etags.checkMatch(ifMatch, f.version);
        LocalDate today = today();
        FindingAction action = in.getAction();
        List<FindingAction> allowed = allowed(f, today);
        if (!allowed.contains(action)) {
            String names = allowed.isEmpty() ? "none" : allowed.stream().map(Enum::name).collect(Collectors.joining(", "));
            throw new ApiProblem(409, "step-refused", "Step refused", action + " is not possible while the finding is "
                    + f.status + (f.extensionPending() ? " with an extension request pending" : "")
                    + (Deadlines.overdue(f, today) ? " and overdue" : "") + "; allowed: " + names + ".",
                    List.of(ApiProblem.field("action", "allowed: " + names)), null);
        }
        requireTaker(f, action);
        List<FieldError> errors = inputErrors(f, in);
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        FindingStatus from = f.status;
        LocalDate deadlineBefore = f.deadline;
        List<UUID> evidence = in.getEvidenceIds() == null ? List.of() : List.copyOf(in.getEvidenceIds());
        switch (action) {
            case START -> f.status = FindingStatus.IN_RECTIFICATION;
            case REQUEST_CLOSURE -> {
                f.status = FindingStatus.CLOSURE_REQUESTED;
                f.closureReport = in.getReport();
                f.closureEvidenceIds = evidence;
                f.closureRequestedBy = caller.actor();
            }
            case RETURN -> f.status = FindingStatus.IN_RECTIFICATION;
            case CLOSE -> {
                f.status = FindingStatus.CLOSED;
                f.closedOn = today;
                clearExtension(f);
            }
            case REQUEST_EXTENSION -> {
                f.extensionDeadline = in.getNewDeadline();
                f.extensionReason = in.getReason();
                f.extensionBy = caller.actor();
                f.extensionAt = OffsetDateTime.now(clock);
            }
            case GRANT_EXTENSION -> {
                f.deadline = f.extensionDeadline;
                clearExtension(f);
            }
            case REFUSE_EXTENSION -> clearExtension(f);
            default -> throw new IllegalStateException("ISSUE is never allowed as a step");
        }
        record(f, action, from, in.getReport(), in.getReason(), evidence,
                deadlineBefore.equals(f.deadline) ? null : deadlineBefore);
        if (action == FindingAction.CLOSE) {
            deductions.apply(f, InspectionEntity.findById(f.inspectionId), today);
        }
        return f;
    }

    private static void clearExtension(FindingEntity f) {
        f.extensionDeadline = null;
        f.extensionReason = null;
        f.extensionBy = null;
        f.extensionAt = null;
    }

    /** Verifying is an EVALUATOR's other than the requester; extensions are the issuer's; the rest, the unit's. */
    private void requireTaker(FindingEntity f, FindingAction action) {
        if (action == FindingAction.CLOSE || action == FindingAction.RETURN) {
            if (!caller.has(Roles.EVALUATOR)) {
                throw ApiProblem.forbidden("A closure request is verified (" + action + ") by an EVALUATOR.");
            }
            Actor requester = f.closureRequestedBy;
            boolean samePerson = requester.person() != null && requester.person().equals(caller.actor().person());
            if (caller.name().equals(requester.credential()) || samePerson) {
                throw ApiProblem.forbidden("A closure request is verified by someone other than its requester.");
            }
        } else if ((action == FindingAction.GRANT_EXTENSION || action == FindingAction.REFUSE_EXTENSION)
                && !caller.name().equals(f.issuedBy.credential())
                && (f.issuedBy.person() == null || !f.issuedBy.person().equals(caller.actor().person()))) {
            throw ApiProblem.forbidden("An extension is decided by whoever issued the finding (" + f.issuedBy.name() + ").");
        }
    }

    private static List<FieldError> inputErrors(FindingEntity f, FindingStepInput in) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> takes = TAKES.get(in.getAction());
        Map<String, Object> given = new java.util.HashMap<>();
        given.put("report", in.getReport());
        given.put("evidenceIds", in.getEvidenceIds());
        given.put("reason", in.getReason());
        given.put("newDeadline", in.getNewDeadline());
        given.forEach((field, value) -> {
            if (value != null && !takes.contains(field)) {
                errors.add(ApiProblem.field(field, in.getAction() + " takes no " + field));
            }
        });
        switch (in.getAction()) {
            case REQUEST_CLOSURE -> {
                if (blank(in.getReport())) {
                    errors.add(ApiProblem.field("report", "a closure request comes with a report of the rectification"));
                }
                if (in.getEvidenceIds() == null || in.getEvidenceIds().isEmpty()) {
                    errors.add(ApiProblem.field("evidenceIds", "a closure request comes with at least one evidence file"));
                } else {
                    errors.addAll(EvidenceService.notOfPlan(f.planId, in.getEvidenceIds(), "evidenceIds"));
                }
            }
            case RETURN, REFUSE_EXTENSION -> {
                if (blank(in.getReason())) {
                    errors.add(ApiProblem.field("reason", in.getAction() + " gives its reason"));
                }
            }
            case REQUEST_EXTENSION -> {
                if (blank(in.getReason())) {
                    errors.add(ApiProblem.field("reason", "an extension request gives its reason"));
                }
                if (in.getNewDeadline() == null || !in.getNewDeadline().isAfter(f.deadline)) {
                    errors.add(ApiProblem.field("newDeadline", "a day after the deadline (" + f.deadline + ")"));
                }
            }
            default -> {
            }
        }
        return errors;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The step in the finding's history, and as an event; who is told of an issued finding: its owner. */
    private void record(FindingEntity f, FindingAction action, FindingStatus from, String report, String reason,
                        List<UUID> evidence, LocalDate deadlineBefore) {
        FindingStepEntity step = new FindingStepEntity();
        step.id = UUID.randomUUID();
        step.findingId = f.id;
        step.planId = f.planId;
        step.action = action;
        step.from = from;
        step.to = f.status;
        step.report = report;
        step.reason = reason;
        step.evidenceIds = evidence;
        step.deadlineBefore = deadlineBefore;
        step.deadlineAfter = deadlineBefore == null ? null : f.deadline;
        step.actor = caller.actor();
        step.createdAt = OffsetDateTime.now(clock);
        step.persist();
        Map<String, Object> data = new java.util.HashMap<>(Map.of("title", f.title, "status", f.status.toString(),
                "deadline", f.deadline.toString()));
        if (action == FindingAction.ISSUE) {
            data.put("recipients", Recipients.of(f, null, WarningLevel.NONE));
        }
        occurred.fire(new Occurrence("kaoping.finding." + EVENTS.get(action), f.unitId, f.planId, "findings/" + f.id,
                null, data));
    }
}
