package kaoping.indicator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import kaoping.api.model.Band;
import kaoping.api.model.Direction;
import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.Scoring;
import kaoping.api.model.ScoringMethod;
import kaoping.api.model.WeightInconsistency;
import kaoping.web.ApiProblem;

/**
 * The rules of scoring.md for an indicator tree: weights with at most 2 decimals that add up, scoring only on
 * leaves, and each leaf's method with exactly the parameters it needs. Plain Java over the contract's node shape,
 * so the stored tree, a submitted tree and a stateless scoring request are checked alike.
 */
public final class TreeRules {
    static final int MAX_DEPTH = 10;

    private TreeRules() {
    }

    /**
     * Ids and versions are the server's, inputs belong to a stateless scoring request only, and assignments come with
     * a tree only when a plan is created ({@code withAssignments}); a client that sends them with a tree to store is
     * told so, not silently ignored.
     */
    public static void rejectServerOwned(IndicatorNode node, String at, boolean withAssignments) {
        if (node.getId() != null) {
            throw ApiProblem.badRequest(join(at, "id"), "ids are assigned by the server; leave it out");
        }
        if (node.getVersion() != null) {
            throw ApiProblem.badRequest(join(at, "version"), "versions are kept by the server; leave it out");
        }
        if (!withAssignments && node.getAssignments() != null && !node.getAssignments().isEmpty()) {
            throw ApiProblem.badRequest(join(at, "assignments"), "assignments are set with PUT .../indicators/{id}/assignments");
        }
        if (node.getEvidenceCount() != null) {
            throw ApiProblem.badRequest(join(at, "evidenceCount"), "evidence is counted by the server; leave it out");
        }
        if (node.getInputs() != null) {
            throw ApiProblem.badRequest(join(at, "inputs"),
                    "a stored tree takes no inputs: enter assessments, self-assessments and progress, or use POST /scoring/evaluations");
        }
        List<IndicatorNode> children = children(node);
        for (int i = 0; i < children.size(); i++) {
            rejectServerOwned(children.get(i), join(at, "children") + "[" + i + "]", withAssignments);
        }
    }

    /** Everything wrong with a node and its subtree (not their sums), each with its path; depth 1 is the top. */
    public static List<FieldError> nodeErrors(IndicatorNode node, String at, int depth) {
        if (depth > MAX_DEPTH) {
            return List.of(ApiProblem.field(at, "the tree is deeper than " + MAX_DEPTH + " levels"));
        }
        List<IndicatorNode> children = children(node);
        List<FieldError> errors = new ArrayList<>(fieldErrors(node.getWeight(), node.getScoring(), node.getCriteria(),
                !children.isEmpty(), at));
        for (int i = 0; i < children.size(); i++) {
            errors.addAll(nodeErrors(children.get(i), join(at, "children") + "[" + i + "]", depth + 1));
        }
        return errors;
    }

    /**
     * The errors of one node's own fields: its weight, its scoring against its weight and place, and its 评分标准,
     * which only a target has (the table prints it on the target's row, beside the target's scoring).
     */
    public static List<FieldError> fieldErrors(BigDecimal weight, Scoring scoring, String criteria, boolean inner, String at) {
        List<FieldError> errors = new ArrayList<>();
        if (weight.stripTrailingZeros().scale() > 2) {
            errors.add(ApiProblem.field(join(at, "weight"), "at most 2 decimals"));
        }
        if (scoring != null && inner) {
            errors.add(ApiProblem.field(join(at, "scoring"), "only leaves are scored; this node has children"));
        } else if (scoring != null) {
            errors.addAll(scoringErrors(scoring, weight, join(at, "scoring")));
        }
        if (criteria != null && inner) {
            errors.add(ApiProblem.field(join(at, "criteria"), "only targets have scoring criteria; this node has children"));
        }
        return errors;
    }

    static List<FieldError> scoringErrors(Scoring s, BigDecimal weight, String at) {
        List<FieldError> errors = new ArrayList<>();
        ScoringMethod method = s.getMethod() == null ? ScoringMethod.MANUAL : s.getMethod();
        Set<String> used = switch (method) {
            case MANUAL, GRADE, COMPLETION -> Set.of();
            case RATIO, INVERSE_RATIO -> Set.of("target");
            case CHALLENGE -> Set.of("target", "challenge", "bonusFraction");
            case BANDS -> Set.of("bands", "direction");
            case DEDUCTION -> Set.of("perOccurrence", "floor");
        };
        unused("target", s.getTarget(), used, method, at, errors);
        unused("challenge", s.getChallenge(), used, method, at, errors);
        unused("bonusFraction", s.getBonusFraction(), used, method, at, errors);
        unused("bands", s.getBands(), used, method, at, errors);
        unused("direction", s.getDirection(), used, method, at, errors);
        unused("perOccurrence", s.getPerOccurrence(), used, method, at, errors);
        unused("floor", s.getFloor(), used, method, at, errors);
        switch (method) {
            case RATIO, CHALLENGE -> {
                if (s.getTarget() == null || s.getTarget().signum() <= 0) {
                    errors.add(ApiProblem.field(at + ".target", method + " needs a target above 0"));
                } else if (method == ScoringMethod.CHALLENGE
                        && (s.getChallenge() == null || s.getChallenge().compareTo(s.getTarget()) <= 0)) {
                    errors.add(ApiProblem.field(at + ".challenge", "CHALLENGE needs a challenge value above the target"));
                }
            }
            case INVERSE_RATIO -> {
                if (s.getTarget() == null || s.getTarget().signum() < 0) {
                    errors.add(ApiProblem.field(at + ".target", "INVERSE_RATIO needs a target of 0 or more"));
                }
            }
            case BANDS -> {
                if (s.getBands() == null || s.getBands().isEmpty()) {
                    errors.add(ApiProblem.field(at + ".bands", "BANDS needs at least one threshold"));
                } else if (s.getBands().stream().map(Band::getThreshold).map(BigDecimal::stripTrailingZeros).distinct()
                        .count() < s.getBands().size()) {
                    errors.add(ApiProblem.field(at + ".bands", "each threshold appears once"));
                }
                if (s.getDirection() == null) {
                    errors.add(ApiProblem.field(at + ".direction", "BANDS needs a direction: HIGHER or LOWER is better"));
                } else if (s.getBands() != null && !monotone(s.getBands(), s.getDirection())) {
                    errors.add(ApiProblem.field(at + ".bands", "a better threshold gives at least the fraction of a worse one"));
                }
            }
            case DEDUCTION -> {
                if (s.getPerOccurrence() == null || s.getPerOccurrence().signum() <= 0) {
                    errors.add(ApiProblem.field(at + ".perOccurrence", "DEDUCTION needs the points per occurrence, above 0"));
                }
                if (s.getFloor() != null && s.getFloor().compareTo(weight) > 0) {
                    errors.add(ApiProblem.field(at + ".floor", "the floor is at most the weight " + weight.toPlainString()));
                }
            }
            default -> {
                // MANUAL, GRADE and COMPLETION take their inputs at scoring time only
            }
        }
        return errors;
    }

    /** Whether reaching a better threshold never lowers the fraction, so a better actual never scores less. */
    private static boolean monotone(List<Band> bands, Direction direction) {
        List<Band> sorted = bands.stream().sorted(Comparator.comparing(Band::getThreshold)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            int step = sorted.get(i).getFraction().compareTo(sorted.get(i - 1).getFraction());
            if (direction == Direction.HIGHER ? step < 0 : step > 0) {
                return false;
            }
        }
        return true;
    }

    private static void unused(String name, Object value, Set<String> used, ScoringMethod method, String at,
                               List<FieldError> errors) {
        boolean given = value != null && !(value instanceof List<?> list && list.isEmpty());
        if (given && !used.contains(name)) {
            errors.add(ApiProblem.field(at + "." + name, method + " does not use " + name));
        }
    }

    /**
     * Every inner node whose children's weights do not sum exactly to its weight, and the level-1 weights against
     * the plan's total.
     */
    public static List<WeightInconsistency> inconsistencies(List<IndicatorNode> roots, BigDecimal total) {
        List<WeightInconsistency> found = new ArrayList<>();
        BigDecimal sum = sum(roots);
        if (sum.compareTo(total) != 0) {
            found.add(new WeightInconsistency().field("indicators").expected(total).actual(sum));
        }
        collect(roots, "indicators", found);
        return found;
    }

    private static void collect(List<IndicatorNode> nodes, String path, List<WeightInconsistency> found) {
        for (int i = 0; i < nodes.size(); i++) {
            IndicatorNode node = nodes.get(i);
            String at = path + "[" + i + "]";
            List<IndicatorNode> children = children(node);
            if (!children.isEmpty()) {
                BigDecimal sum = sum(children);
                if (sum.compareTo(node.getWeight()) != 0) {
                    found.add(new WeightInconsistency().field(at).indicatorId(node.getId()).code(node.getCode())
                            .name(node.getName()).expected(node.getWeight()).actual(sum));
                }
                collect(children, at + ".children", found);
            }
        }
    }

    /** A tree that must add up, with every offending node named as an error and as an inconsistency. */
    public static ApiProblem weightsProblem(List<WeightInconsistency> found) {
        List<FieldError> errors = found.stream().map(w -> ApiProblem.field(w.getField(), "indicators".equals(w.getField())
                ? "level-1 weights sum to " + w.getActual().toPlainString() + ", expected " + w.getExpected().toPlainString()
                : "children of " + (w.getCode() == null ? "" : w.getCode() + " ") + w.getName() + " sum to "
                        + w.getActual().toPlainString() + ", expected " + w.getExpected().toPlainString())).toList();
        return new ApiProblem(422, "weights-inconsistent", "Weights do not add up",
                found.size() + (found.size() == 1 ? " node does" : " nodes do") + " not add up; see inconsistencies.",
                errors, found);
    }

    /** A field's path under a node's path; the body itself is the empty path. */
    static String join(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    static List<IndicatorNode> children(IndicatorNode node) {
        return node.getChildren() == null ? List.of() : node.getChildren();
    }

    private static BigDecimal sum(List<IndicatorNode> nodes) {
        return nodes.stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
