package kaoping.sheet;

import java.util.List;
import java.util.Map;

/**
 * The cells of a sheet as text, by row number and column index (both as the spreadsheet shows them, from 1 and
 * from 0 = A), merged regions already filled with their top-left value as far as the cells holding text
 * reach.
 */
record Grid(List<Row> rows) {

    record Row(int number, Map<Integer, String> cells) {
        String cell(int column) {
            String value = cells.get(column);
            return value == null ? "" : value.strip();
        }

        boolean blank() {
            return cells.values().stream().allMatch(String::isBlank);
        }
    }

    /** "A" for 0, "AA" for 26. */
    static String column(int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            name.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return name.toString();
    }

    /** 0 for "A" in "A12". */
    static int columnOf(String reference) {
        int index = 0;
        for (char c : reference.toCharArray()) {
            if (c < 'A' || c > 'Z') {
                break;
            }
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }
}
