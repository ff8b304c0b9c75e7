package kaoping.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The optional filters of a list operation, as one HQL condition with named parameters. */
public final class Filter {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new HashMap<>();

    /** {@code attribute >= value}, only when the caller gave a value. */
    public Filter atLeast(String attribute, Object value) {
        return compare(attribute, ">=", value);
    }

    /** {@code attribute < value}, only when the caller gave a value. */
    public Filter before(String attribute, Object value) {
        return compare(attribute, "<", value);
    }

    /** {@code attribute = value}, only when the caller gave a value. */
    public Filter eq(String attribute, Object value) {
        return compare(attribute, "=", value);
    }

    /** A condition of its own, always applied (what the caller may see), with its parameters as name, value, … */
    public Filter where(String condition, Object... namesAndValues) {
        conditions.add(condition);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return this;
    }

    private Filter compare(String attribute, String operator, Object value) {
        if (value != null) {
            String name = "p" + params.size();
            conditions.add(attribute + " " + operator + " :" + name);
            params.put(name, value);
        }
        return this;
    }

    /** Any of the attributes contains the text, ignoring case (Chinese text has none, and matches as it is). */
    public Filter contains(String text, String... attributes) {
        if (text != null && !text.isBlank()) {
            String name = "p" + params.size();
            String escaped = text.trim().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            params.put(name, "%" + escaped + "%");
            conditions.add(List.of(attributes).stream()
                    .map(a -> "lower(" + a + ") like :" + name + " escape '\\'")
                    .collect(Collectors.joining(" or ", "(", ")")));
        }
        return this;
    }

    public String query() {
        return conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
    }

    public Map<String, Object> params() {
        return params;
    }
}
