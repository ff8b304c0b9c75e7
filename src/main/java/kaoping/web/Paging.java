package kaoping.web;

import java.util.Map;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Page and sort parameters of the list operations; the contract has already bounded their values. */
public final class Paging {
    private Paging() {
    }

    public static Page page(Integer page, Integer size) {
        return Page.of(page == null ? 0 : page, size == null ? 50 : size);
    }

    /**
     * Turns "-year,title" into a Panache sort. {@code columns} maps each API field the contract allows to its entity
     * attribute, so only documented fields can reach the query.
     */
    public static Sort sort(String sort, String defaultSort, Map<String, String> columns) {
        Sort result = null;
        for (String part : (sort == null || sort.isBlank() ? defaultSort : sort).split(",")) {
            boolean descending = part.startsWith("-");
            String field = descending ? part.substring(1) : part;
            String column = columns.get(field);
            if (column == null) {
                throw ApiProblem.badRequest("sort", "cannot sort by " + field);
            }
            Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
            result = result == null ? Sort.by(column, direction) : result.and(column, direction);
        }
        return result.and("id");
    }
}
