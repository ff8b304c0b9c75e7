package kaoping.sheet;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/** Tables written cell by cell into a workbook's sheet, for the tests that make their own .xls. */
final class TestSheets {
    private TestSheets() {
    }

    /** Writes each row's texts from column A on, the first row at the sheet's first row. */
    static void fill(Sheet sheet, String[][] rows) {
        for (int r = 0; r < rows.length; r++) {
            Row row = sheet.createRow(r);
            for (int c = 0; c < rows[r].length; c++) {
                row.createCell(c).setCellValue(rows[r][c]);
            }
        }
    }
}
