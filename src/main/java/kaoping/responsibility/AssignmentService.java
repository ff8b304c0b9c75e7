package kaoping.responsibility;

import java.math.BigDecimal;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import kaoping.api.model.AssignedTarget;
import kaoping.api.model.Assignment;
import kaoping.api.model.AssignmentRole;
import kaoping.api.model.Collective;
import kaoping.api.model.CollectiveLoad;
import kaoping.api.model.DepartmentLoad;
import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.Load;
import kaoping.api.model.PersonAssignment;
import kaoping.api.model.PersonLoad;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.Responsibility;
import kaoping.api.model.ResponsibilityMatrix;
import kaoping.api.model.UnassignedTarget;
import kaoping.api.model.UnitKind;
import io.quarkus.panache.common.Page;
import kaoping.indicator.IndicatorEntity;
import kaoping.indicator.IndicatorService;
import kaoping.org.PersonEntity;
import kaoping.org.PersonMoved;
import kaoping.org.PersonService;
import kaoping.org.UnitEntity;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanResponsibility;
import kaoping.plan.PlanService;
import kaoping.web.ApiProblem;

/** Who answers for each node of a plan, and the loads that follow from it per person and department. */
@ApplicationScoped
public class AssignmentService implements PlanResponsibility {
    private static final Collator NAMES = Collator.getInstance(Locale.CHINA);
    private final PlanService plans;
    private final IndicatorService indicators;
    private final PersonService people;

    public AssignmentService(PlanService plans, IndicatorService indicators, PersonService people) {
        this.plans = plans;
        this.indicators = indicators;
        this.people = people;
    }

    /** The published wording of a collective entry. */
    static String published(Collective collective) {
        return collective == Collective.ALL_DEPARTMENTS ? "各科室、直属各单位" : "各科室、直属各单位负责人";
    }

    /** Every node's assignments in order, with names, by node id: one query for the whole plan. */
    public Map<UUID, List<Assignment>> byNode(UUID planId) {
        return named(planId, null);
    }

    /** The assignments of the plan's nodes, or of one node, with names. */
    private static Map<UUID, List<Assignment>> named(UUID planId, UUID indicatorId) {
        var query = AssignmentEntity.getEntityManager().createQuery("select a, p.name, u.name "
                + "from AssignmentEntity a left join PersonEntity p on p.id = a.personId "
                + "left join UnitEntity u on u.id = a.departmentId where a.planId = :plan"
                + (indicatorId == null ? "" : " and a.indicatorId = :node")
                + " order by a.indicatorId, a.position", Object[].class).setParameter("plan", planId);
        if (indicatorId != null) {
            query.setParameter("node", indicatorId);
        }
        List<Object[]> rows = query.getResultList();
        Map<UUID, List<Assignment>> byNode = new HashMap<>();
        for (Object[] row : rows) {
            AssignmentEntity a = (AssignmentEntity) row[0];
            String name = a.collective != null ? published(a.collective) : (String) (a.personId != null ? row[1] : row[2]);
            byNode.computeIfAbsent(a.indicatorId, k -> new ArrayList<>()).add(new Assignment().role(a.role)
                    .responsibility(a.responsibility).personId(a.personId).departmentId(a.departmentId)
                    .collective(a.collective).name(name));
        }
        return byNode;
    }

    public List<Assignment> of(UUID planId, UUID indicatorId) {
        indicators.version(planId, indicatorId);
        return named(planId, indicatorId).getOrDefault(indicatorId, List.of());
    }

    /** Replaces a node's assignments; every entry must name someone of the plan's unit. The node's new version. */
    @Transactional
    public long replace(UUID planId, UUID indicatorId, List<Assignment> items, String ifMatch) {
        long version = indicators.touch(planId, indicatorId, ifMatch);
        PlanEntity plan = plans.get(planId);
        List<FieldError> errors = errors(plan.unitId, items, "items");
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        AssignmentEntity.delete("indicatorId", indicatorId);
        AssignmentEntity.flush();
        persist(planId, indicatorId, items);
        return version;
    }

    private static void persist(UUID planId, UUID indicatorId, List<Assignment> items) {
        for (int i = 0; i < items.size(); i++) {
            Assignment item = items.get(i);
            AssignmentEntity a = new AssignmentEntity();
            a.id = UUID.randomUUID();
            a.planId = planId;
            a.indicatorId = indicatorId;
            a.position = i;
            a.role = item.getRole();
            a.responsibility = item.getResponsibility();
            a.personId = item.getPersonId();
            a.departmentId = item.getDepartmentId();
            a.collective = item.getCollective();
            a.persist();
        }
    }

    @Override
    public void checkAssignments(UUID unitId, List<IndicatorNode> roots) {
        List<FieldError> errors = new ArrayList<>();
        checkNodes(unitId, roots, "indicators", errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
    }

    private static void checkNodes(UUID unitId, List<IndicatorNode> nodes, String path, List<FieldError> errors) {
        for (int i = 0; i < nodes.size(); i++) {
            IndicatorNode node = nodes.get(i);
            String at = path + "[" + i + "]";
            if (node.getAssignments() != null) {
                errors.addAll(errors(unitId, node.getAssignments(), at + ".assignments"));
            }
            if (node.getChildren() != null) {
                checkNodes(unitId, node.getChildren(), at + ".children", errors);
            }
        }
    }

    @Override
    public void insertAssignments(UUID planId, Map<IndicatorNode, UUID> ids) {
        ids.forEach((node, id) -> {
            if (node.getAssignments() != null) {
                persist(planId, id, node.getAssignments());
            }
        });
    }

    /** What is wrong with a node's entries, each named by its path under {@code path}. */
    private static List<FieldError> errors(UUID unitId, List<Assignment> items, String path) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Assignment a = items.get(i);
            String at = path + "[" + i + "]";
            if (a.getName() != null) {
                throw ApiProblem.badRequest(at + ".name", "names are the server's; send personId or departmentId");
            }
            boolean department = a.getRole() == AssignmentRole.DEPARTMENT;
            Collective allowed = department ? Collective.ALL_DEPARTMENTS
                    : a.getRole() == AssignmentRole.PERSON ? Collective.ALL_DEPARTMENT_HEADS : null;
            UUID named = department ? a.getDepartmentId() : a.getPersonId();
            UUID wrong = department ? a.getPersonId() : a.getDepartmentId();
            if (wrong != null) {
                errors.add(ApiProblem.field(at + (department ? ".personId" : ".departmentId"),
                        "a " + a.getRole() + " entry names a " + (department ? "department" : "person")));
            } else if (a.getCollective() != null && a.getCollective() != allowed) {
                errors.add(ApiProblem.field(at + ".collective", a.getCollective() + " is not a " + a.getRole() + " entry"));
            } else if ((named == null) == (a.getCollective() == null)) {
                errors.add(ApiProblem.field(at, "name exactly one " + (department ? "departmentId" : "personId")
                        + (allowed == null ? "" : " or collective " + allowed)));
            } else if (named != null && !belongs(named, department, unitId)) {
                errors.add(ApiProblem.field(at + (department ? ".departmentId" : ".personId"), "not a "
                        + (department ? "department or direct unit" : "person") + " of the plan's unit"));
            } else if (!seen.add(a.getRole() + "/" + (named == null ? a.getCollective() : named))) {
                errors.add(ApiProblem.field(at, "named twice in the same role"));
            }
        }
        return errors;
    }

    private static boolean belongs(UUID id, boolean department, UUID unitId) {
        if (department) {
            UnitEntity unit = UnitEntity.findById(id);
            return unit != null && unit.kind != UnitKind.UNIT && unit.rootUnitId.equals(unitId);
        }
        PersonEntity person = PersonEntity.findById(id);
        return person != null && person.unitId.equals(unitId);
    }

    /**
     * A person moved to another unit answers no longer for the old unit's targets: their entries in its plans are
     * removed, except in closed plans, whose entries are the record of the year. The trail keeps the removed ones;
     * each node's and plan's version moves, as on any change of responsibility.
     */
    void endOnMove(@Observes PersonMoved moved) {
        List<AssignmentEntity> ended = AssignmentEntity.find("personId = ?1 and planId in (select p.id from PlanEntity p "
                + "where p.unitId = ?2 and p.status <> ?3)", moved.personId(), moved.fromUnitId(), PlanStatus.CLOSED).list();
        Set<UUID> plansTouched = new HashSet<>();
        Set<UUID> nodesTouched = new HashSet<>();
        for (AssignmentEntity a : ended) {
            a.delete();
            if (plansTouched.add(a.planId)) {
                PlanEntity.<PlanEntity>findById(a.planId, LockModeType.PESSIMISTIC_WRITE).treeVersion++;
            }
            if (nodesTouched.add(a.indicatorId)) {
                IndicatorEntity.findById(a.indicatorId, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            }
        }
    }

    /** A person's targets across plans, newest plan first. */
    public record PersonTargets(List<PersonAssignment> items, long total) {
    }

    public PersonTargets ofPerson(UUID personId, Integer year, Page page) {
        people.get(personId); // 404 unless the caller sees the person
        String where = " from AssignmentEntity a join IndicatorEntity i on i.id = a.indicatorId "
                + "join PlanEntity p on p.id = a.planId where a.personId = :person"
                + (year == null ? "" : " and p.year = :year");
        var em = AssignmentEntity.getEntityManager();
        var count = em.createQuery("select count(a)" + where, Long.class).setParameter("person", personId);
        var rows = em.createQuery("select a, i, p" + where + " order by p.year desc, p.title, i.code, a.position",
                Object[].class).setParameter("person", personId);
        if (year != null) {
            count.setParameter("year", year);
            rows.setParameter("year", year);
        }
        List<PersonAssignment> items = rows.setFirstResult(page.index * page.size).setMaxResults(page.size)
                .getResultList().stream().map(r -> {
                    AssignmentEntity a = (AssignmentEntity) r[0];
                    IndicatorEntity i = (IndicatorEntity) r[1];
                    PlanEntity p = (PlanEntity) r[2];
                    return new PersonAssignment().planId(p.id).planTitle(p.title).year(p.year).indicatorId(i.id)
                            .code(i.code).name(i.name).weight(i.weight.stripTrailingZeros()).role(a.role)
                            .responsibility(a.responsibility);
                }).toList();
        return new PersonTargets(items, count.getSingleResult());
    }

    @Override
    public List<FieldError> submitReasons(UUID planId) {
        return matrix(planId).getUnassigned().stream()
                .filter(u -> u.getMissing().containsAll(List.of(AssignmentRole.DEPARTMENT, AssignmentRole.PERSON)))
                .map(u -> ApiProblem.field("indicators/" + (u.getCode() == null ? u.getIndicatorId() : u.getCode()),
                        "no responsible department or person")).toList();
    }

    /** Loads per person and department, the collective entries, and the targets nobody in a role answers for. */
    public ResponsibilityMatrix matrix(UUID planId) {
        PlanEntity plan = plans.get(planId);
        List<IndicatorNode> tree = indicators.trees(List.of(planId)).get(planId);
        Map<UUID, List<Assignment>> byNode = byNode(planId);
        List<UnitEntity> departments = UnitEntity.list("rootUnitId = ?1 and kind <> ?2", plan.unitId, UnitKind.UNIT);
        Map<UUID, PersonLoad> people = new LinkedHashMap<>();
        Map<UUID, DepartmentLoad> units = new LinkedHashMap<>();
        Map<Collective, CollectiveLoad> collective = new LinkedHashMap<>();
        List<UnassignedTarget> unassigned = new ArrayList<>();
        walk(tree, Set.of(), byNode, (node, inherited) -> {
            List<Assignment> entries = byNode.getOrDefault(node.getId(), List.of());
            Set<UUID> named = new HashSet<>();
            entries.forEach(a -> named.add(a.getDepartmentId()));
            for (Assignment a : entries) {
                AssignedTarget target = new AssignedTarget().indicatorId(node.getId()).code(node.getCode())
                        .name(node.getName()).weight(node.getWeight()).role(a.getRole()).responsibility(a.getResponsibility());
                if (a.getCollective() == Collective.ALL_DEPARTMENTS) {
                    // every department that the node does not already name on its own
                    departments.stream().filter(d -> !named.contains(d.id))
                            .forEach(d -> add(units.computeIfAbsent(d.id, k -> departmentLoad(d.id, d.name)), target));
                } else if (a.getCollective() != null) {
                    collective.computeIfAbsent(a.getCollective(), c -> new CollectiveLoad().collective(c)
                            .targets(new ArrayList<>())).getTargets().add(target);
                } else if (a.getDepartmentId() != null) {
                    add(units.computeIfAbsent(a.getDepartmentId(), k -> departmentLoad(k, a.getName())), target);
                } else {
                    PersonLoad load = people.computeIfAbsent(a.getPersonId(), k -> new PersonLoad().personId(k)
                            .name(a.getName()).lead(empty()).support(empty()).targets(new ArrayList<>()));
                    load.getTargets().add(target);
                    count(a.getResponsibility() == Responsibility.LEAD ? load.getLead() : load.getSupport(), node.getWeight());
                }
            }
            boolean leaf = node.getChildren() == null || node.getChildren().isEmpty();
            List<AssignmentRole> missing = List.of(AssignmentRole.DEPARTMENT, AssignmentRole.PERSON).stream()
                    .filter(r -> !inherited.contains(r)).toList();
            if (leaf && !missing.isEmpty()) {
                unassigned.add(new UnassignedTarget().indicatorId(node.getId()).code(node.getCode()).name(node.getName())
                        .weight(node.getWeight()).missing(missing));
            }
        });
        return new ResponsibilityMatrix().planId(planId)
                .people(people.values().stream().sorted(Comparator.comparing(PersonLoad::getName, NAMES)).toList())
                .departments(units.values().stream().sorted(Comparator.comparing(DepartmentLoad::getName, NAMES)).toList())
                .collective(new ArrayList<>(collective.values())).unassigned(unassigned);
    }

    private interface Visit {
        /** {@code covered}: the roles that the node or one of its ancestors has an entry for. */
        void node(IndicatorNode node, Set<AssignmentRole> covered);
    }

    private static void walk(List<IndicatorNode> nodes, Set<AssignmentRole> above, Map<UUID, List<Assignment>> byNode,
                             Visit visit) {
        for (IndicatorNode node : nodes) {
            Set<AssignmentRole> covered = new HashSet<>(above);
            byNode.getOrDefault(node.getId(), List.of()).forEach(a -> covered.add(a.getRole()));
            visit.node(node, covered);
            if (node.getChildren() != null) {
                walk(node.getChildren(), covered, byNode, visit);
            }
        }
    }

    private static DepartmentLoad departmentLoad(UUID id, String name) {
        return new DepartmentLoad().departmentId(id).name(name).lead(empty()).support(empty()).targets(new ArrayList<>());
    }

    private static void add(DepartmentLoad load, AssignedTarget target) {
        load.getTargets().add(target);
        count(target.getResponsibility() == Responsibility.LEAD ? load.getLead() : load.getSupport(), target.getWeight());
    }

    private static Load empty() {
        return new Load().targets(0).points(BigDecimal.ZERO);
    }

    private static void count(Load load, BigDecimal weight) {
        load.targets(load.getTargets() + 1).points(load.getPoints().add(weight));
    }
}
