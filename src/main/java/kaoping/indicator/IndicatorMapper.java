package kaoping.indicator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import kaoping.api.model.IndicatorNode;
import kaoping.api.model.IndicatorUpdate;
import kaoping.api.model.Scoring;
import kaoping.api.model.ScoringMethod;

@ApplicationScoped
public class IndicatorMapper {
    private final ObjectMapper json;

    public IndicatorMapper(ObjectMapper json) {
        this.json = json;
    }

    /** The nested tree of a plan's nodes, read with one query in any order. */
    public List<IndicatorNode> tree(List<IndicatorEntity> all) {
        Map<UUID, List<IndicatorEntity>> byParent = byParent(all);
        return nodes(byParent.getOrDefault(null, List.of()), byParent);
    }

    /** One node with its subtree, out of the whole plan's nodes. */
    public IndicatorNode subtree(IndicatorEntity root, List<IndicatorEntity> all) {
        return node(root, byParent(all));
    }

    /** Children by parent id (null for the top level), each list in sibling order. */
    static Map<UUID, List<IndicatorEntity>> byParent(List<IndicatorEntity> all) {
        Map<UUID, List<IndicatorEntity>> byParent = new HashMap<>();
        for (IndicatorEntity e : all) {
            byParent.computeIfAbsent(e.parentId, k -> new ArrayList<>()).add(e);
        }
        byParent.values().forEach(siblings -> siblings.sort(Comparator.comparingInt(e -> e.position)));
        return byParent;
    }

    /** Mutable lists, so a change request can be played on a copy of the tree (IndicatorService.applyChanges). */
    private List<IndicatorNode> nodes(List<IndicatorEntity> entities, Map<UUID, List<IndicatorEntity>> byParent) {
        return entities.stream().map(e -> node(e, byParent)).collect(Collectors.toCollection(ArrayList::new));
    }

    private IndicatorNode node(IndicatorEntity e, Map<UUID, List<IndicatorEntity>> byParent) {
        IndicatorNode node = new IndicatorNode().id(e.id).code(e.code).name(e.name).description(e.description)
                .criteria(e.criteria).weight(e.weight.stripTrailingZeros()).version(e.version);
        List<IndicatorEntity> children = byParent.get(e.id);
        if (children == null) {
            node.setScoring(e.scoring == null ? new Scoring().method(ScoringMethod.MANUAL) : read(e.scoring));
        } else {
            node.setChildren(nodes(children, byParent));
        }
        return node;
    }

    IndicatorUpdate toUpdate(IndicatorEntity e) {
        return new IndicatorUpdate().code(e.code).name(e.name).description(e.description).criteria(e.criteria)
                .weight(e.weight.stripTrailingZeros())
                .scoring(e.scoring == null ? null : read(e.scoring));
    }

    /**
     * Stores a leaf's scoring with its method and the defaults of scoring.md spelled out (CHALLENGE bonus fraction 0.2,
     * DEDUCTION floor 0), so every stored figure says how it will be scored; inner nodes store none.
     */
    String write(Scoring scoring, boolean leaf) {
        if (!leaf) {
            return null;
        }
        Scoring s = scoring == null ? new Scoring() : scoring;
        if (s.getMethod() == null) {
            s.setMethod(ScoringMethod.MANUAL);
        }
        if (s.getMethod() == ScoringMethod.CHALLENGE && s.getBonusFraction() == null) {
            s.setBonusFraction(new BigDecimal("0.2"));
        }
        if (s.getMethod() == ScoringMethod.DEDUCTION && s.getFloor() == null) {
            s.setFloor(BigDecimal.ZERO);
        }
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Scoring always serialises", e);
        }
    }

    private Scoring read(String scoring) {
        try {
            return json.readValue(scoring, Scoring.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored scoring is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
