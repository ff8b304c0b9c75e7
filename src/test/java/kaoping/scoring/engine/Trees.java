package kaoping.scoring.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import kaoping.scoring.engine.Node.Inputs;
import kaoping.scoring.engine.Node.Leaf;

/** Rules and trees for the engine's tests, built without the application. */
final class Trees {
    private Trees() {
    }

    static Rules rules(Rules.Aggregation aggregation, BigDecimal selfShare, boolean allowOverflow) {
        Map<String, BigDecimal> scale = new LinkedHashMap<>();
        scale.put("优", d("1"));
        scale.put("良", d("0.8"));
        scale.put("中", d("0.6"));
        scale.put("差", d("0"));
        return new Rules(d("100"), aggregation, selfShare, allowOverflow, d("3"), null, scale,
                List.of(new Rules.GradeBand(d("90"), "优秀"), new Rules.GradeBand(d("75"), "合格"),
                        new Rules.GradeBand(d("0"), "不合格")),
                List.of(new Rules.Component(Rules.INDICATOR, BigDecimal.ONE)));
    }

    static Rules defaults() {
        return rules(Rules.Aggregation.MEAN, BigDecimal.ZERO, false);
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    static Node leaf(String code, String weight, Leaf leaf, Inputs inputs) {
        return new Node(null, code, code, d(weight), List.of(), leaf, inputs);
    }

    static Node inner(String code, String weight, Node... children) {
        return new Node(null, code, code, d(weight), List.of(children), null, null);
    }

    static Inputs scores(String... scores) {
        return new Inputs(List.of(scores).stream().map(BigDecimal::new).toList(), List.of(), null, null, null, null);
    }

    static Inputs actual(String actual) {
        return new Inputs(List.of(), List.of(), null, null, d(actual), null);
    }

    static Leaf ratio(String target) {
        return new Leaf(Method.RATIO, d(target), null, null, true, List.of(), null, null);
    }

    /** The Jinjiang 2021 fixture tree; each leaf gets the scoring and inputs {@code leaves} gives it by code. */
    static List<Node> jinjiang(Function<String, Map.Entry<Leaf, Inputs>> leaves) {
        try (InputStream in = Trees.class.getResourceAsStream("/fixtures/jinjiang-2021-plan.json")) {
            JsonNode plan = new ObjectMapper().readTree(in);
            List<Node> roots = new ArrayList<>();
            plan.get("indicators").forEach(n -> roots.add(node(n, leaves)));
            return roots;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node node(JsonNode n, Function<String, Map.Entry<Leaf, Inputs>> leaves) {
        String code = n.get("code").asText();
        BigDecimal weight = n.get("weight").decimalValue();
        if (n.has("children")) {
            List<Node> children = new ArrayList<>();
            n.get("children").forEach(c -> children.add(node(c, leaves)));
            return new Node(null, code, n.get("name").asText(), weight, children, null, null);
        }
        Map.Entry<Leaf, Inputs> scored = leaves.apply(code);
        return new Node(null, code, n.get("name").asText(), weight, List.of(), scored.getKey(), scored.getValue());
    }
}
