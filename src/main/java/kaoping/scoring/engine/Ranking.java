package kaoping.scoring.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Competition ranking of scoring.md: not vetoed before vetoed, then final score descending; ties share a rank. */
public final class Ranking {
    private Ranking() {
    }

    public record Ranked<T>(int rank, T item, Result result) {
    }

    /** The items in rank order; items that tie keep the order they came in. */
    public static <T> List<Ranked<T>> rank(List<T> items, Function<T, Result> resultOf) {
        Comparator<Ranked<T>> order = Comparator.<Ranked<T>, Boolean>comparing(r -> r.result.vetoed())
                .thenComparing(r -> r.result.finalScore(), Comparator.reverseOrder());
        List<Ranked<T>> sorted = items.stream().map(i -> new Ranked<>(0, i, resultOf.apply(i))).sorted(order).toList();
        List<Ranked<T>> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Ranked<T> r = sorted.get(i);
            boolean tie = i > 0 && order.compare(sorted.get(i - 1), r) == 0;
            ranked.add(new Ranked<>(tie ? ranked.get(i - 1).rank() : i + 1, r.item, r.result));
        }
        return ranked;
    }
}
