package kaoping.sheet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.commons.io.input.BoundedInputStream;
import org.apache.poi.hssf.usermodel.HSSFSheet;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * Reads the sheet of an .xlsx or .xls that holds the table (the first with a header; an instructions sheet is passed
 * over), or a .csv, into a {@link Grid}, within the {@link ImportLimits}. The .xlsx is
 * read with POI's streaming reader (shared strings, then the sheet's XML event by event; no workbook object model),
 * whose zip checks refuse zip bombs; the sheet XML is parsed with DTDs and external entities off, and the unzipped
 * bytes of the sheet and the shared strings are counted as they are read. A .csv is UTF-8 (with or without BOM) or,
 * when it is not valid UTF-8, GB18030, read as a stream.
 */
final class SheetReader {
    private static final Charset GB18030 = Charset.forName("GB18030");
    /** A cell reference as the sheet XML writes it, within Excel's grid (XFD1048576 at most). */
    private static final Pattern REFERENCE = Pattern.compile("([A-Z]{1,3})([1-9][0-9]{0,6})");
    private static final int EXCEL_COLUMNS = 16384;
    private static final int EXCEL_ROWS = 1048576;
    /** The sheets looked at for the table; an instructions sheet (填表说明) is passed over. */
    private static final int MAX_SHEETS = 16;
    private static final String INSTRUCTIONS = "说明";

    private SheetReader() {
    }

    /** Why a file could not be read; the import answers 415 or 422 with it. */
    static final class Unreadable extends Exception {
        final boolean notASpreadsheet;

        Unreadable(String message, boolean notASpreadsheet) {
            super(message);
            this.notASpreadsheet = notASpreadsheet;
        }
    }

    static Grid read(Path file, ImportLimits limits) throws Unreadable, IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return xlsx(file, limits);
        }
        if (n >= 4 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF && head[2] == 0x11 && (head[3] & 0xff) == 0xE0) {
            return xls(file, limits);
        }
        // UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GB18030, which Chinese offices still export
        try {
            return csv(file, StandardCharsets.UTF_8.newDecoder(), limits);
        } catch (CharacterCodingException notUtf8) {
            return csv(file, GB18030.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE), limits);
        }
    }

    private static Grid xlsx(Path file, ImportLimits limits) throws Unreadable {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            SharedStrings strings;
            try (InputStream xml = reader.getSharedStringsData()) {
                strings = new SharedStrings(limits, xml == null ? InputStream.nullInputStream()
                        : bounded(xml, "the shared strings table", limits));
            }
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            return table(i -> sheets.hasNext(), i -> {
                try (InputStream sheet = sheets.next()) {
                    return sheets.getSheetName().contains(INSTRUCTIONS) ? null : sheetXml(bounded(sheet,
                            i == 0 ? "the first sheet" : "sheet " + sheets.getSheetName(), limits), strings, limits);
                }
            });
        } catch (Unreadable e) {
            throw e;
        } catch (NotOfficeXmlFileException e) {
            throw new Unreadable("a ZIP file that is not an .xlsx workbook", true);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ImportLimits.Exceeded exceeded) {
                    throw exceeded; // raised while POI or the XML parser read, maybe wrapped by them
                }
            }
            // POI reports a malformed package (a corrupt zip, a missing part, its zip bomb checks) with assorted
            // checked and runtime exceptions; every one of them is about the file
            throw new Unreadable("the workbook cannot be read: " + e.getMessage(), false);
        }
    }

    /**
     * An old binary workbook (.xls), read by POI's HSSF. It has no zip to inflate: the file is bounded by the upload
     * limit (kaoping.import.max-size), POI bounds each record, and the cells go through the same limits as an .xlsx.
     */
    private static Grid xls(Path file, ImportLimits limits) throws Unreadable {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true); HSSFWorkbook book = new HSSFWorkbook(fs, false)) {
            return table(i -> i < book.getNumberOfSheets(), i -> {
                HSSFSheet sheet = book.getSheetAt(i);
                if (sheet.getSheetName().contains(INSTRUCTIONS)) {
                    return null;
                }
                Cells cells = new Cells(limits);
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        String text = text(cell, cell.getCellType());
                        if (!text.isEmpty()) {
                            cells.put(cell.getAddress().formatAsString(), text);
                        }
                    }
                }
                for (CellRangeAddress region : sheet.getMergedRegions()) {
                    cells.merge(region.formatAsString());
                }
                return cells.grid();
            });
        } catch (Unreadable | ImportLimits.Exceeded e) {
            throw e;
        } catch (Exception e) {
            // a corrupt or truncated .xls surfaces as assorted checked and runtime exceptions: all are about the file
            throw new Unreadable("the .xls workbook cannot be read: " + e.getMessage(), false);
        }
    }

    /** Sheet i of a workbook as a grid, or null for one that is passed over (an instructions sheet). */
    @FunctionalInterface
    private interface SheetAt {
        Grid read(int i) throws Exception;
    }

    /** The first sheet with a table's header among the first few, else the first sheet read. */
    private static Grid table(IntPredicate more, SheetAt sheets) throws Exception {
        Grid first = null;
        for (int i = 0; i < MAX_SHEETS && more.test(i); i++) {
            Grid grid = sheets.read(i);
            if (grid != null && TableParser.hasHeader(grid)) {
                return grid;
            }
            first = first == null ? grid : first;
        }
        if (first == null) {
            throw new Unreadable("the workbook has no sheet", false);
        }
        return first;
    }

    /** A cell's text; a formula's cached result, a number as written (2, not 2.0). */
    private static String text(Cell cell, CellType type) {
        return switch (type) {
            case STRING -> cell.getStringCellValue();
            case NUMERIC -> BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            case FORMULA -> text(cell, cell.getCachedFormulaResultType());
            default -> "";
        };
    }

    /** The part's unzipped bytes, refused once there are more than the limit. */
    private static InputStream bounded(InputStream part, String name, ImportLimits limits) throws IOException {
        return BoundedInputStream.builder().setInputStream(part).setMaxCount(limits.maxInflatedSize())
                .setOnMaxCount((max, count) -> {
                    throw new ImportLimits.Exceeded(name + " is over " + megabytes(max)
                            + " unzipped (kaoping.import.max-inflated-size)");
                }).get();
    }

    private static String megabytes(long bytes) {
        return bytes / (1024 * 1024) + " MB";
    }

    /** POI's shared strings table, refused once it holds more strings than a table has cells, or a longer string. */
    private static final class SharedStrings extends ReadOnlySharedStringsTable {
        private final ImportLimits limits;
        private int items;
        private int length;

        SharedStrings(ImportLimits limits, InputStream xml) throws IOException, SAXException {
            super(InputStream.nullInputStream(), false); // reads nothing: the limits are not set yet
            this.limits = limits;
            readFrom(xml);
        }

        @Override
        public void startElement(String uri, String localName, String name, Attributes attributes) throws SAXException {
            if ("si".equals(localName)) {
                length = 0;
                if (++items > limits.maxCells()) {
                    throw new SAXException(new ImportLimits.Exceeded("the workbook shares more than " + limits.maxCells()
                            + " strings, the cells of the largest table (kaoping.import.max-rows × max-columns)"));
                }
            }
            super.startElement(uri, localName, name, attributes);
        }

        @Override
        public void characters(char[] ch, int start, int count) throws SAXException {
            length += count;
            if (length > limits.maxCellLength()) {
                throw new SAXException(new ImportLimits.Exceeded("shared string " + (items - 1) + " is longer than "
                        + limits.maxCellLength() + " characters (kaoping.import.max-cell-length)"));
            }
            super.characters(ch, start, count);
        }
    }

    private static Grid sheetXml(InputStream xml, SharedStrings strings, ImportLimits limits)
            throws XMLStreamException, Unreadable {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader in = factory.createXMLStreamReader(xml);
        Cells cells = new Cells(limits);
        String reference = null;
        String type = null;
        StringBuilder text = null;
        boolean inValue = false;
        while (in.hasNext()) {
            int event = in.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (in.getLocalName()) {
                    case "c" -> {
                        reference = in.getAttributeValue(null, "r");
                        type = in.getAttributeValue(null, "t");
                        text = new StringBuilder();
                    }
                    case "v", "t" -> inValue = text != null;
                    // the regions follow the cells, so the cells holding text are known: a region is clamped to them
                    case "mergeCell" -> cells.merge(in.getAttributeValue(null, "ref"));
                    default -> {
                        // rows, formulas, styles and the rest carry nothing the import reads
                    }
                }
            } else if (inValue && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE)) {
                text.append(in.getTextCharacters(), in.getTextStart(), in.getTextLength());
                if (text.length() > limits.maxCellLength()) {
                    throw new ImportLimits.Exceeded("cell " + reference + " is longer than " + limits.maxCellLength()
                            + " characters (kaoping.import.max-cell-length)");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (in.getLocalName()) {
                    case "v", "t" -> inValue = false;
                    case "c" -> {
                        if (reference != null && !text.isEmpty()) {
                            cells.put(reference, value(reference, type, text, strings));
                        }
                        reference = null;
                        text = null;
                    }
                    default -> {
                        // nothing to close
                    }
                }
            }
        }
        return cells.grid();
    }

    /**
     * The cells of a sheet as they are read, within the limits. A shared string or a merged region puts the same text
     * in many cells: the text is counted in every cell it fills, since the import reads it there.
     */
    private static final class Cells {
        private final Map<Integer, Map<Integer, String>> rows = new TreeMap<>();
        private final ImportLimits limits;
        private int lastRow;
        private int lastColumn = -1;
        private long merged;
        private long text;

        Cells(ImportLimits limits) {
            this.limits = limits;
        }

        void put(String reference, String value) throws Unreadable {
            int[] at = position(reference);
            if (at[0] > limits.maxRows()) {
                throw new ImportLimits.Exceeded("cell " + reference + " is beyond row " + limits.maxRows()
                        + " (kaoping.import.max-rows)");
            }
            if (at[1] >= limits.maxColumns()) {
                throw new ImportLimits.Exceeded("cell " + reference + " is beyond the first " + limits.maxColumns()
                        + " columns, A to " + Grid.column(limits.maxColumns() - 1) + " (kaoping.import.max-columns)");
            }
            count(value.length());
            rows.computeIfAbsent(at[0], r -> new TreeMap<>()).put(at[1], value);
            lastRow = Math.max(lastRow, at[0]);
            lastColumn = Math.max(lastColumn, at[1]);
        }

        /**
         * Fills a merged region with its top-left value up to the last row and column holding text, unless the
         * regions then cover more cells than a table has.
         */
        void merge(String region) throws Unreadable {
            String[] corners = region == null ? new String[0] : region.split(":");
            if (corners.length != 2) {
                return;
            }
            int[] from = position(corners[0]);
            int[] to = position(corners[1]);
            int bottom = Math.min(to[0], lastRow);
            int right = Math.min(to[1], lastColumn);
            // a region with nothing to fill counts as one cell, so that the number of regions is bounded too
            long area = Math.max(1, (long) Math.max(0, bottom - from[0] + 1) * Math.max(0, right - from[1] + 1));
            merged += area;
            if (merged > limits.maxCells()) {
                throw new ImportLimits.Exceeded("the merged regions cover more than " + limits.maxCells()
                        + " cells, the largest table (kaoping.import.max-rows × max-columns)");
            }
            String value = rows.getOrDefault(from[0], Map.of()).get(from[1]);
            if (value == null) {
                return;
            }
            count(area * value.length());
            for (int r = from[0]; r <= bottom; r++) {
                for (int c = from[1]; c <= right; c++) {
                    rows.computeIfAbsent(r, k -> new TreeMap<>()).put(c, value);
                }
            }
        }

        private void count(long characters) {
            text += characters;
            if (text > limits.maxText()) {
                throw new ImportLimits.Exceeded("the cells hold more than " + limits.maxText()
                        + " characters of text, shared strings and merged regions counted in each cell they fill"
                        + " (kaoping.import.max-text)");
            }
        }

        Grid grid() {
            List<Grid.Row> list = new ArrayList<>();
            rows.forEach((number, cells) -> list.add(new Grid.Row(number, cells)));
            return new Grid(list);
        }
    }

    private static String value(String reference, String type, StringBuilder text, SharedStrings strings)
            throws Unreadable {
        if (!"s".equals(type)) {
            return text.toString();
        }
        int index;
        try {
            index = Integer.parseInt(text.toString().strip());
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= strings.items) {
            throw new Unreadable("cell " + reference + " refers to shared string " + text
                    + ", which the workbook does not have", false);
        }
        return strings.getItemAt(index).getString();
    }

    /** Row number (from 1) and column index (from 0) of a cell reference such as "B12". */
    private static int[] position(String reference) throws Unreadable {
        Matcher m = REFERENCE.matcher(reference);
        int row = m.matches() ? Integer.parseInt(m.group(2)) : 0;
        int column = m.matches() ? Grid.columnOf(m.group(1)) : EXCEL_COLUMNS;
        if (row < 1 || row > EXCEL_ROWS || column >= EXCEL_COLUMNS) {
            throw new Unreadable("the cell reference \"" + reference + "\" is outside a sheet (A1 to XFD1048576)", false);
        }
        return new int[] {row, column};
    }

    private static Grid csv(Path file, CharsetDecoder charset, ImportLimits limits) throws Unreadable, IOException {
        List<Grid.Row> rows = new ArrayList<>();
        Map<Integer, String> cells = new TreeMap<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean field = false;
        int column = 0;
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset))) {
            int c = in.read();
            if (c == '\uFEFF') {
                c = in.read();
            }
            for (; c >= 0; c = in.read()) {
                if (c == 0) {
                    throw new Unreadable("neither an .xlsx workbook nor a CSV text file", true);
                }
                field = true;
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        if (in.read() == '"') {
                            cell.append('"');
                        } else {
                            in.reset();
                            quoted = false;
                        }
                    } else {
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    put(cells, column++, cell, rows.size() + 1, limits);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    put(cells, column, cell, rows.size() + 1, limits);
                    rows.add(row(rows.size() + 1, cells, limits));
                    cells = new TreeMap<>();
                    column = 0;
                    field = false;
                } else {
                    cell.append((char) c);
                }
                if (cell.length() > limits.maxCellLength()) {
                    throw new ImportLimits.Exceeded("row " + (rows.size() + 1) + ", column " + Grid.column(column)
                            + " is longer than " + limits.maxCellLength() + " characters (kaoping.import.max-cell-length)");
                }
            }
        }
        if (field) {
            put(cells, column, cell, rows.size() + 1, limits);
            rows.add(row(rows.size() + 1, cells, limits));
        }
        return new Grid(rows);
    }

    /** Ends a CSV field: the apostrophe the export put before a formula-like text is taken off again. */
    private static void put(Map<Integer, String> cells, int column, StringBuilder cell, int row, ImportLimits limits) {
        if (column >= limits.maxColumns()) {
            throw new ImportLimits.Exceeded("row " + row + " has more than " + limits.maxColumns()
                    + " columns (kaoping.import.max-columns)");
        }
        cells.put(column, CsvText.unescape(cell.toString()));
        cell.setLength(0);
    }

    private static Grid.Row row(int number, Map<Integer, String> cells, ImportLimits limits) {
        // blank lines count: 20 MB of line breaks must not become 20 million rows
        if (number > limits.maxRows()) {
            throw new ImportLimits.Exceeded("more than " + limits.maxRows() + " lines (kaoping.import.max-rows)");
        }
        return new Grid.Row(number, cells);
    }
}
