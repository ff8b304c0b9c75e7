package kaoping.indicator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.hibernate.jpa.HibernateHints;

import io.quarkus.panache.common.Parameters;
import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorChange;
import kaoping.api.model.IndicatorMove;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.IndicatorTree;
import kaoping.api.model.IndicatorUpdate;
import kaoping.api.model.Scoring;
import kaoping.api.model.WeightInconsistency;
import kaoping.persistence.Db;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.plan.PlanTree;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;
import kaoping.web.MergePatch;

/**
 * The indicator tree of a plan. Every change locks the plan row first, so changes of one tree are applied one at a
 * time (sibling positions stay dense and unique) and each bumps the tree's version. Reads load the plan's nodes
 * with one query and assemble them in memory, whatever the size of the tree.
 */
@ApplicationScoped
public class IndicatorService implements PlanTree {
    private final PlanService plans;
    private final IndicatorMapper mapper;
    private final MergePatch mergePatch;
    private final Clock clock;
    private final Instance<NodeRecords> records;

    public IndicatorService(PlanService plans, IndicatorMapper mapper, MergePatch mergePatch, Clock clock,
                            Instance<NodeRecords> records) {
        this.plans = plans;
        this.mapper = mapper;
        this.mergePatch = mergePatch;
        this.clock = clock;
        this.records = records;
    }

    /** The tree as the API shows it, with the version that is its ETag. */
    public record Tree(IndicatorTree body, long version) {
    }

    public Tree tree(UUID planId) {
        return treeOf(plans.get(planId));
    }

    private Tree treeOf(PlanEntity plan) {
        List<IndicatorEntity> all = readNodes(plan.id);
        List<IndicatorNode> roots = mapper.tree(all);
        BigDecimal total = plans.rules(plan).getTotalWeight();
        List<WeightInconsistency> found = TreeRules.inconsistencies(roots, total);
        long inner = all.stream().map(e -> e.parentId).filter(p -> p != null).distinct().count();
        return new Tree(new IndicatorTree().planId(plan.id).totalWeight(total).nodeCount(all.size())
                .leafCount((int) (all.size() - inner)).consistent(found.isEmpty()).inconsistencies(found)
                .indicators(roots), plan.treeVersion);
    }

    /** The trees of several plans by plan id, read with one query whatever their number and size. */
    public Map<UUID, List<IndicatorNode>> trees(List<UUID> planIds) {
        Map<UUID, List<IndicatorEntity>> byPlan = IndicatorEntity.<IndicatorEntity>find("planId in ?1", planIds)
                .withHint(HibernateHints.HINT_READ_ONLY, true).stream().collect(Collectors.groupingBy(e -> e.planId));
        return planIds.stream().collect(Collectors.toMap(id -> id, id -> mapper.tree(byPlan.getOrDefault(id, List.of()))));
    }

    /** A leaf of the plan and how it is scored: what assessments, self-assessments and progress attach to. */
    public record Leaf(BigDecimal weight, Scoring scoring) {
    }

    public Leaf leaf(UUID planId, UUID id) {
        plans.get(planId); // 404 unless the caller sees the plan
        IndicatorEntity e = nodeOf(planId, id);
        if (IndicatorEntity.count("parentId", id) > 0) {
            throw ApiProblem.unprocessable("indicatorId", (e.code == null ? e.name : e.code)
                    + " has children; only leaves (targets) are assessed");
        }
        return new Leaf(e.weight, mapper.toUpdate(e).getScoring());
    }

    /** A whole tree that must be well-formed and add up to {@code total}: the plan's create and replace. */
    @Override
    public void checkWholeTree(List<IndicatorNode> roots, BigDecimal total, boolean withAssignments) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            TreeRules.rejectServerOwned(roots.get(i), "indicators[" + i + "]", withAssignments);
            errors.addAll(TreeRules.nodeErrors(roots.get(i), "indicators[" + i + "]", 1));
        }
        errors.addAll(duplicateCodes(roots, "indicators", new HashSet<>()));
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        List<WeightInconsistency> found = TreeRules.inconsistencies(roots, total);
        if (!found.isEmpty()) {
            throw TreeRules.weightsProblem(found);
        }
    }

    @Override
    public Map<IndicatorNode, UUID> insertTree(UUID planId, List<IndicatorNode> roots) {
        Map<IndicatorNode, UUID> ids = new IdentityHashMap<>();
        insert(planId, null, 0, roots, ids);
        return ids;
    }

    @Override
    public List<FieldError> submitReasons(UUID planId) {
        IndicatorTree tree = tree(planId).body();
        List<FieldError> reasons = new ArrayList<>();
        if (tree.getNodeCount() == 0) {
            reasons.add(ApiProblem.field("indicators", "the plan has no targets"));
        }
        tree.getInconsistencies().forEach(w -> reasons.add(ApiProblem.field(w.getField(), "children sum to "
                + w.getActual().toPlainString() + ", expected " + w.getExpected().toPlainString())));
        return reasons;
    }

    /** Stores checked nodes under {@code parentId}, the first at {@code firstPosition}; returns the stored first. */
    public IndicatorEntity insert(UUID planId, UUID parentId, int firstPosition, List<IndicatorNode> nodes) {
        return insert(planId, parentId, firstPosition, nodes, new IdentityHashMap<>());
    }

    /** The same, noting each given node's new id in {@code ids}. */
    private IndicatorEntity insert(UUID planId, UUID parentId, int firstPosition, List<IndicatorNode> nodes,
                                   Map<IndicatorNode, UUID> ids) {
        IndicatorEntity first = null;
        for (int i = 0; i < nodes.size(); i++) {
            IndicatorNode node = nodes.get(i);
            IndicatorEntity e = new IndicatorEntity();
            e.id = UUID.randomUUID();
            e.planId = planId;
            e.parentId = parentId;
            e.position = firstPosition + i;
            List<IndicatorNode> children = TreeRules.children(node);
            fill(e, node.getCode(), node.getName(), node.getDescription(), node.getCriteria(), node.getWeight());
            e.scoring = mapper.write(node.getScoring(), children.isEmpty());
            e.persist();
            ids.put(node, e.id);
            insert(planId, e.id, 0, children, ids);
            first = first == null ? e : first;
        }
        return first;
    }

    @Transactional
    public Tree replace(UUID planId, List<IndicatorNode> roots, String ifMatch) {
        PlanEntity plan = plans.lockForTreeChange(planId);
        Etags.requireMatch(ifMatch, plan.treeVersion);
        checkWholeTree(roots, plans.rules(plan).getTotalWeight(), false);
        IndicatorEntity.delete("planId", planId);
        insert(planId, null, 0, roots);
        plan.treeVersion++;
        Db.flush();
        return treeOf(plan);
    }

    public IndicatorNode get(UUID planId, UUID id) {
        plans.get(planId);
        List<IndicatorEntity> all = readNodes(planId);
        return mapper.subtree(find(all, id), all);
    }

    @Transactional
    public IndicatorNode add(UUID planId, UUID parentId, Integer position, IndicatorNode node) {
        PlanEntity plan = plans.lockForTreeChange(planId);
        List<IndicatorEntity> all = nodesOf(planId);
        Map<UUID, List<IndicatorEntity>> byParent = IndicatorMapper.byParent(all);
        IndicatorEntity parent = parentNamed(parentId, all);
        int at = place(position, byParent.getOrDefault(parentId, List.of()).size(), "position");
        TreeRules.rejectServerOwned(node, "", false);
        List<FieldError> errors = new ArrayList<>(TreeRules.nodeErrors(node, "", depth(parent, all) + 1));
        errors.addAll(duplicateCodes(List.of(node), "", codes(all, null)));
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        shift(planId, parentId, at, 1, null);
        if (parent != null) {
            becomesGroup(parent);
        }
        IndicatorEntity added = insert(planId, parentId, at, List.of(node));
        plan.treeVersion++;
        Db.flush();
        return mapper.subtree(added, nodesOf(planId));
    }

    /** A node about to change, with its locked plan and all the plan's nodes, once its ETag has been checked. */
    private record Change(PlanEntity plan, List<IndicatorEntity> all, IndicatorEntity node) {
    }

    private Change change(UUID planId, UUID id, String ifMatch) {
        PlanEntity plan = plans.lockForTreeChange(planId);
        List<IndicatorEntity> all = nodesOf(planId);
        IndicatorEntity node = find(all, id);
        Etags.requireMatch(ifMatch, node.version);
        return new Change(plan, all, node);
    }

    /** The version of a node of the plan: the ETag of what hangs on it (its assignments). */
    public long version(UUID planId, UUID id) {
        plans.get(planId); // 404 unless the caller sees the plan
        return nodeOf(planId, id).version;
    }

    /** One node of the plan, read alone (not with the whole tree); 404 when the plan has no such node. */
    private static IndicatorEntity nodeOf(UUID planId, UUID id) {
        return IndicatorEntity.<IndicatorEntity>findByIdOptional(id).filter(n -> n.planId.equals(planId))
                .orElseThrow(() -> ApiProblem.notFound("indicator", id));
    }

    /**
     * A change of what hangs on a node (its assignments), made in the caller's transaction: checked and locked like an
     * edit of the node, and moving the node's and the tree's versions. The node's new version.
     */
    public long touch(UUID planId, UUID id, String ifMatch) {
        PlanEntity plan = plans.lockForAssignmentChange(planId);
        // only the node: reading the whole tree would make each change cost as much as the plan is large
        IndicatorEntity node = nodeOf(planId, id);
        Etags.requireMatch(ifMatch, node.version);
        node.updatedAt = OffsetDateTime.now(clock);
        plan.treeVersion++;
        Db.flush();
        return node.version;
    }

    @Transactional
    public IndicatorNode update(UUID planId, UUID id, ObjectNode patch, String ifMatch) {
        Change change = change(planId, id, ifMatch);
        List<IndicatorEntity> all = change.all();
        IndicatorEntity e = change.node();
        IndicatorUpdate update = mergePatch.apply(mapper.toUpdate(e), patch, IndicatorUpdate.class);
        boolean inner = all.stream().anyMatch(n -> id.equals(n.parentId));
        List<FieldError> errors = new ArrayList<>(TreeRules.fieldErrors(update.getWeight(), update.getScoring(),
                update.getCriteria(), inner, ""));
        if (update.getCode() != null && codes(all, e).contains(update.getCode())) {
            errors.add(ApiProblem.field("code", "another indicator of this plan has the code " + update.getCode()));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        fill(e, update.getCode(), update.getName(), update.getDescription(), update.getCriteria(), update.getWeight());
        e.scoring = mapper.write(update.getScoring(), !inner);
        change.plan().treeVersion++;
        Db.flush();
        return mapper.subtree(e, all);
    }

    @Transactional
    public IndicatorNode move(UUID planId, UUID id, IndicatorMove move, String ifMatch) {
        Change change = change(planId, id, ifMatch);
        List<IndicatorEntity> all = change.all();
        IndicatorEntity e = change.node();
        UUID newParentId = move.getParentId();
        IndicatorEntity newParent = parentNamed(newParentId, all);
        for (IndicatorEntity up = newParent; up != null; up = parentOf(up, all)) {
            if (up.id.equals(id)) {
                throw ApiProblem.unprocessable("parentId", "a node cannot move under itself or its own subtree");
            }
        }
        Map<UUID, List<IndicatorEntity>> byParent = IndicatorMapper.byParent(all);
        long newSiblings = byParent.getOrDefault(newParentId, List.of()).stream().filter(n -> !n.id.equals(id)).count();
        int at = place(move.getPosition(), (int) newSiblings, "position");
        if (depth(newParent, all) + height(e, byParent) > TreeRules.MAX_DEPTH) {
            throw ApiProblem.unprocessable("parentId", "the tree would be deeper than " + TreeRules.MAX_DEPTH + " levels");
        }
        shift(planId, e.parentId, e.position + 1, -1, id);
        shift(planId, newParentId, at, 1, id);
        e.parentId = newParentId;
        e.position = at;
        if (newParent != null) {
            becomesGroup(newParent);
        }
        change.plan().treeVersion++;
        Db.flush();
        return mapper.subtree(e, nodesOf(planId));
    }

    @Transactional
    public void delete(UUID planId, UUID id, String ifMatch) {
        PlanEntity plan = plans.lockForTreeChange(planId);
        IndicatorEntity e = IndicatorEntity.<IndicatorEntity>find("planId = ?1 and id = ?2", planId, id).firstResultOptional()
                .orElseThrow(() -> ApiProblem.notFound("indicator", id));
        Etags.checkMatch(ifMatch, e.version);
        IndicatorEntity.delete("id", id); // the database removes the subtree (on delete cascade)
        shift(planId, e.parentId, e.position + 1, -1, id);
        plan.treeVersion++;
    }

    /** The plan's tree as it is now, for a version to keep. */
    @Override
    public List<IndicatorNode> snapshot(UUID planId) {
        return mapper.tree(readNodes(planId));
    }

    /**
     * Applies a change request's edits to the plan's tree, all or none. The edits are played on a copy first; the
     * tree they make must be well-formed and add up (422 naming {@code changes[i]} or the node otherwise). With
     * {@code store} the stored nodes are then brought to that tree, keeping the ids of the nodes that stay, so
     * evidence, entries and assignments stay attached; the plan must be locked by the caller.
     */
    @Override
    public void applyChanges(PlanEntity plan, List<IndicatorChange> changes, boolean store) {
        List<IndicatorEntity> all = nodesOf(plan.id);
        List<IndicatorNode> roots = mapper.tree(all);
        Set<UUID> removed = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            apply(roots, changes.get(i), "changes[" + i + "]", removed);
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            errors.addAll(TreeRules.nodeErrors(roots.get(i), "indicators[" + i + "]", 1));
        }
        errors.addAll(duplicateCodes(roots, "indicators", new HashSet<>()));
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        List<WeightInconsistency> found = TreeRules.inconsistencies(roots, plans.rules(plan).getTotalWeight());
        if (!found.isEmpty()) {
            throw TreeRules.weightsProblem(found);
        }
        if (store) {
            if (!removed.isEmpty()) {
                IndicatorEntity.delete("id in ?1", removed);
            }
            Map<UUID, IndicatorEntity> byId = all.stream().collect(Collectors.toMap(e -> e.id, e -> e));
            sync(plan.id, null, roots, byId);
            plan.treeVersion++;
            Db.flush();
        }
    }

    private void apply(List<IndicatorNode> roots, IndicatorChange change, String at, Set<UUID> removed) {
        switch (change.getAction()) {
            case UPDATE -> {
                IndicatorNode node = located(roots, change.getIndicatorId(), at).node();
                if (change.getPatch() == null) {
                    throw ApiProblem.unprocessable(at + ".patch", "an UPDATE needs a patch");
                }
                IndicatorUpdate update = mergePatch.apply(new IndicatorUpdate().code(node.getCode()).name(node.getName())
                        .description(node.getDescription()).criteria(node.getCriteria()).weight(node.getWeight())
                        .scoring(node.getScoring()), mergePatch.toPatch(change.getPatch()), IndicatorUpdate.class);
                node.code(update.getCode()).name(update.getName()).description(update.getDescription())
                        .criteria(update.getCriteria()).weight(update.getWeight()).scoring(update.getScoring());
            }
            case ADD -> {
                if (change.getNode() == null) {
                    throw ApiProblem.unprocessable(at + ".node", "an ADD needs the node");
                }
                TreeRules.rejectServerOwned(change.getNode(), at + ".node", false);
                List<IndicatorNode> siblings = roots;
                if (change.getParentId() != null) {
                    IndicatorNode parent = located(roots, change.getParentId(), at + ".parentId").node();
                    if (TreeRules.children(parent).isEmpty() && parent.getId() != null && recorded(List.of(parent.getId()))) {
                        throw ApiProblem.unprocessable(at + ".parentId", label(parent) + " has evidence, scores or "
                                + "progress reports as a target; it cannot become a group of targets");
                    }
                    if (parent.getChildren() == null) {
                        parent.setChildren(new ArrayList<>());
                    }
                    parent.scoring(null).criteria(null); // it has a child now, so it is no longer a target
                    siblings = parent.getChildren();
                }
                siblings.add(place(change.getPosition(), siblings.size(), at + ".position"), change.getNode());
            }
            case REMOVE -> {
                Located found = located(roots, change.getIndicatorId(), at);
                List<UUID> subtree = new ArrayList<>();
                ids(List.of(found.node()), subtree);
                if (recorded(subtree)) {
                    throw ApiProblem.unprocessable(at + ".indicatorId", label(found.node())
                            + " has evidence, scores or progress reports; they stay part of the record, so re-weight it instead");
                }
                found.siblings().remove(found.node());
                removed.addAll(subtree);
            }
        }
    }

    private static String label(IndicatorNode node) {
        return node.getCode() == null ? node.getName() : node.getCode();
    }

    /** A node of the tree being changed and the list it sits in. */
    private record Located(IndicatorNode node, List<IndicatorNode> siblings) {
    }

    private static Located located(List<IndicatorNode> nodes, UUID id, String at) {
        return locate(nodes, id).orElseThrow(() -> ApiProblem.unprocessable(at.endsWith("Id") ? at : at + ".indicatorId",
                "no indicator " + id + " in this plan (or it was removed by an earlier change)"));
    }

    private static Optional<Located> locate(List<IndicatorNode> nodes, UUID id) {
        for (IndicatorNode node : nodes) {
            if (node.getId() != null && node.getId().equals(id)) {
                return Optional.of(new Located(node, nodes));
            }
            Optional<Located> below = locate(TreeRules.children(node), id);
            if (below.isPresent()) {
                return below;
            }
        }
        return Optional.empty();
    }

    private static void ids(List<IndicatorNode> nodes, List<UUID> into) {
        for (IndicatorNode node : nodes) {
            into.add(node.getId());
            ids(TreeRules.children(node), into);
        }
    }

    /** Whether any of these nodes has something recorded against it that removing it would delete. */
    private boolean recorded(List<UUID> ids) {
        return records.stream().anyMatch(r -> r.anyOn(ids));
    }

    /** Makes the stored nodes under {@code parentId} what {@code nodes} say: fields, places, and new nodes added. */
    private void sync(UUID planId, UUID parentId, List<IndicatorNode> nodes, Map<UUID, IndicatorEntity> byId) {
        for (int i = 0; i < nodes.size(); i++) {
            IndicatorNode node = nodes.get(i);
            IndicatorEntity e = node.getId() == null ? null : byId.get(node.getId());
            if (e == null) {
                insert(planId, parentId, i, List.of(node));
                continue;
            }
            List<IndicatorNode> children = TreeRules.children(node);
            fill(e, node.getCode(), node.getName(), node.getDescription(), node.getCriteria(), node.getWeight());
            e.scoring = mapper.write(node.getScoring(), children.isEmpty());
            e.parentId = parentId;
            e.position = i;
            sync(planId, e.id, children, byId);
        }
    }

    private static List<IndicatorEntity> nodesOf(UUID planId) {
        return IndicatorEntity.list("planId", planId);
    }

    /** For answers only: read-only entities spare Hibernate the snapshot it keeps to detect changes. */
    private static List<IndicatorEntity> readNodes(UUID planId) {
        return IndicatorEntity.<IndicatorEntity>find("planId", planId).withHint(HibernateHints.HINT_READ_ONLY, true).list();
    }

    private static Optional<IndicatorEntity> byId(List<IndicatorEntity> all, UUID id) {
        return all.stream().filter(e -> e.id.equals(id)).findFirst();
    }

    private static IndicatorEntity find(List<IndicatorEntity> all, UUID id) {
        return byId(all, id).orElseThrow(() -> ApiProblem.notFound("indicator", id));
    }

    /** The parent a request names (none for the top level); a wrong one is the body's fault: 422. */
    private static IndicatorEntity parentNamed(UUID parentId, List<IndicatorEntity> all) {
        return parentId == null ? null : byId(all, parentId)
                .orElseThrow(() -> ApiProblem.unprocessable("parentId", "no indicator " + parentId + " in this plan"));
    }

    private static IndicatorEntity parentOf(IndicatorEntity e, List<IndicatorEntity> all) {
        return e.parentId == null ? null : byId(all, e.parentId).orElse(null);
    }

    /** Levels above and including {@code node}; 0 for the top (no node). */
    private static int depth(IndicatorEntity node, List<IndicatorEntity> all) {
        int depth = 0;
        for (IndicatorEntity up = node; up != null; up = parentOf(up, all)) {
            depth++;
        }
        return depth;
    }

    private static int height(IndicatorEntity node, Map<UUID, List<IndicatorEntity>> byParent) {
        return 1 + byParent.getOrDefault(node.id, List.of()).stream().mapToInt(c -> height(c, byParent)).max().orElse(0);
    }

    private static int place(Integer position, int siblings, String field) {
        int at = position == null ? siblings : position;
        if (at > siblings) {
            throw ApiProblem.unprocessable(field, "at most " + siblings + " (the number of siblings)");
        }
        return at;
    }

    /** Moves the siblings at {@code from} and after by {@code delta}, without touching their versions. */
    private static void shift(UUID planId, UUID parentId, int from, int delta, UUID except) {
        Parameters params = Parameters.with("plan", planId).and("from", from).and("delta", delta)
                .and("except", except == null ? new UUID(0, 0) : except);
        String parent = parentId == null ? "parentId is null" : "parentId = :parent";
        if (parentId != null) {
            params.and("parent", parentId);
        }
        IndicatorEntity.update("position = position + :delta where planId = :plan and " + parent
                + " and position >= :from and id <> :except", params);
    }

    private static void fill(IndicatorEntity e, String code, String name, String description, String criteria,
                             BigDecimal weight) {
        e.code = code;
        e.name = name;
        e.description = description;
        e.criteria = criteria;
        e.weight = weight;
    }

    /**
     * A target that gets a child is no longer scored itself: its scoring and its 评分标准, which say how it was to be
     * scored, go; the targets below it carry their own.
     */
    private static void becomesGroup(IndicatorEntity node) {
        node.scoring = null;
        node.criteria = null;
    }

    private static Set<String> codes(List<IndicatorEntity> all, IndicatorEntity except) {
        return all.stream().filter(e -> e != except && e.code != null).map(e -> e.code).collect(Collectors.toSet());
    }

    /** Codes name nodes in reports and exports, so one code names one node of a plan. */
    private static List<FieldError> duplicateCodes(List<IndicatorNode> nodes, String path, Set<String> seen) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            IndicatorNode node = nodes.get(i);
            String at = path.isEmpty() && nodes.size() == 1 ? "" : path + "[" + i + "]";
            if (node.getCode() != null && !seen.add(node.getCode())) {
                errors.add(ApiProblem.field(TreeRules.join(at, "code"), "the code " + node.getCode() + " is used twice in this plan"));
            }
            errors.addAll(duplicateCodes(TreeRules.children(node), TreeRules.join(at, "children"), seen));
        }
        return errors;
    }
}
