package kaoping.supervision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import kaoping.api.model.FindingStatus;
import kaoping.org.PersonEntity;
import kaoping.org.UnitEntity;
import kaoping.sheet.CsvText;
import kaoping.web.ApiProblem;
import kaoping.web.Downloads;

/**
 * The rectification ledger (整改台账): one row per finding, as .xlsx (dates as dates, days as numbers) or as CSV
 * (UTF-8 with a byte order mark, texts neutralised against formulas by {@link CsvText}).
 */
final class Ledger {
    static final List<String> HEADER = List.of("编号", "问题", "单位", "责任人", "责任科室", "整改期限", "原定期限", "状态",
            "逾期天数", "销号日期");
    private static final Map<FindingStatus, String> STATUS = Map.of(FindingStatus.ISSUED, "交办",
            FindingStatus.IN_RECTIFICATION, "整改中", FindingStatus.CLOSURE_REQUESTED, "申请销号", FindingStatus.CLOSED, "销号");

    /** A row: texts, then the dates and the days, each null when there is none. */
    record Line(List<String> texts, LocalDate deadline, LocalDate originalDeadline, String status, long daysOverdue,
                LocalDate closedOn) {
    }

    private Ledger() {
    }

    static List<Line> lines(List<FindingEntity> findings, LocalDate today) {
        Map<UUID, String> people = PersonEntity.<PersonEntity>list("id in ?1",
                        SupervisionService.queryable(findings.stream().map(f -> f.ownerPersonId))).stream()
                .collect(Collectors.toMap(p -> p.id, p -> p.name));
        Map<UUID, String> units = UnitEntity.<UnitEntity>list("id in ?1", SupervisionService.queryable(findings.stream()
                        .flatMap(f -> Stream.of(f.unitId, f.ownerDepartmentId)))).stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.name));
        return findings.stream().map(f -> new Line(List.of(f.id.toString(), f.title, units.get(f.unitId),
                        people.get(f.ownerPersonId), f.ownerDepartmentId == null ? "" : units.get(f.ownerDepartmentId)),
                f.deadline, f.originalDeadline, STATUS.get(f.status), Deadlines.daysOverdue(f, today), f.closedOn))
                .toList();
    }

    static Response download(String format, List<Line> lines, String filename) {
        if (!format.equals("xlsx") && !format.equals("csv")) {
            throw ApiProblem.badRequest("format", "xlsx or csv");
        }
        StreamingOutput body = format.equals("xlsx") ? out -> xlsx(lines, out) : out -> csv(lines, out);
        return Response.ok(body).type(format.equals("xlsx")
                        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8")
                .header("Content-Disposition", Downloads.attachment(filename + "." + format)).build();
    }

    static void csv(List<Line> lines, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF'); // so that Excel reads it as UTF-8
        w.write(String.join(",", HEADER) + "\r\n");
        for (Line line : lines) {
            List<String> cells = new ArrayList<>(line.texts().stream().map(CsvText::field).toList());
            cells.addAll(List.of(text(line.deadline()), text(line.originalDeadline()), CsvText.field(line.status()),
                    String.valueOf(line.daysOverdue()), text(line.closedOn())));
            w.write(String.join(",", cells) + "\r\n");
        }
        w.flush();
    }

    private static String text(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    static void xlsx(List<Line> lines, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet sheet = workbook.createSheet("整改台账");
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADER.size(); c++) {
                Cell cell = header.createCell(c);
                cell.setCellValue(HEADER.get(c));
                cell.setCellStyle(bold);
            }
            int r = 1;
            for (Line line : lines) {
                Row row = sheet.createRow(r++);
                int c = 0;
                for (String text : line.texts()) {
                    row.createCell(c++).setCellValue(text); // a text cell: a leading = is text, never a formula
                }
                dateCell(row, c++, line.deadline(), date);
                dateCell(row, c++, line.originalDeadline(), date);
                row.createCell(c++).setCellValue(line.status());
                row.createCell(c++).setCellValue(line.daysOverdue());
                dateCell(row, c, line.closedOn(), date);
            }
            int[] widths = {38, 40, 24, 10, 14, 12, 12, 10, 10, 12};
            for (int c = 0; c < widths.length; c++) {
                sheet.setColumnWidth(c, widths[c] * 256);
            }
            sheet.createFreezePane(0, 1);
            workbook.write(out);
            workbook.dispose();
        }
    }

    private static void dateCell(Row row, int column, LocalDate value, CellStyle style) {
        Cell cell = row.createCell(column);
        if (value != null) {
            cell.setCellValue(value);
            cell.setCellStyle(style);
        }
    }
}
