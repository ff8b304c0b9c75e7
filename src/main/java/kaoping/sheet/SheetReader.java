package kaoping.sheet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.SAXException;

/**
 * Reads the first sheet of an .xlsx, or a .csv, into a {@link Grid}. The .xlsx is read with POI's streaming reader
 * (shared strings, then the sheet's XML row by row; no workbook object model), whose zip checks refuse zip bombs;
 * the sheet XML is parsed with DTDs and external entities off. A .csv is UTF-8 (with or without BOM) or, when it is
 * not valid UTF-8, GB18030.
 */
final class SheetReader {
    private static final Charset GB18030 = Charset.forName("GB18030");

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

    static Grid read(Path file) throws Unreadable, IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return xlsx(file);
        }
        if (n >= 4 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF && head[2] == 0x11 && (head[3] & 0xff) == 0xE0) {
            throw new Unreadable("an old .xls workbook: save it as .xlsx (Excel 2007 or later) or .csv", true);
        }
        return csv(Files.readAllBytes(file));
    }

    private static Grid xlsx(Path file) throws Unreadable {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new Unreadable("the workbook has no sheet", false);
            }
            try (InputStream sheet = sheets.next()) {
                return sheetXml(sheet, strings);
            }
        } catch (NotOfficeXmlFileException e) {
            throw new Unreadable("a ZIP file that is not an .xlsx workbook", true);
        } catch (OpenXML4JException | SAXException | XMLStreamException | IOException
                 | IllegalStateException | IllegalArgumentException e) {
            // POI's zip checks ("Zip bomb detected", oversized entries) and truncated or malformed files end here
            throw new Unreadable("the workbook cannot be read: " + e.getMessage(), false);
        }
    }

    private static Grid sheetXml(InputStream xml, ReadOnlySharedStringsTable strings) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader in = factory.createXMLStreamReader(xml);
        Map<Integer, Map<Integer, String>> rows = new TreeMap<>();
        List<String> merged = new ArrayList<>();
        String reference = null;
        String type = null;
        StringBuilder text = null;
        while (in.hasNext()) {
            int event = in.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (in.getLocalName()) {
                    case "c" -> {
                        reference = in.getAttributeValue(null, "r");
                        type = in.getAttributeValue(null, "t");
                        text = new StringBuilder();
                    }
                    case "v", "t" -> {
                        if (text != null) {
                            text.append(in.getElementText());
                        }
                    }
                    case "mergeCell" -> merged.add(in.getAttributeValue(null, "ref"));
                    default -> {
                        // rows, formulas, styles and the rest carry nothing the import reads
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && in.getLocalName().equals("c") && reference != null) {
                String value = "s".equals(type) && !text.isEmpty()
                        ? strings.getItemAt(Integer.parseInt(text.toString().strip())).getString() : text.toString();
                rows.computeIfAbsent(Grid.rowOf(reference), r -> new TreeMap<>()).put(Grid.columnOf(reference), value);
                reference = null;
                text = null;
            }
        }
        for (String region : merged) {
            String[] corners = region.split(":");
            if (corners.length != 2) {
                continue;
            }
            int top = Grid.rowOf(corners[0]);
            int left = Grid.columnOf(corners[0]);
            String value = rows.getOrDefault(top, Map.of()).get(left);
            if (value == null) {
                continue;
            }
            for (int r = top; r <= Grid.rowOf(corners[1]); r++) {
                for (int c = left; c <= Grid.columnOf(corners[1]); c++) {
                    rows.computeIfAbsent(r, k -> new TreeMap<>()).put(c, value);
                }
            }
        }
        List<Grid.Row> list = new ArrayList<>();
        rows.forEach((number, cells) -> list.add(new Grid.Row(number, cells)));
        return new Grid(list);
    }

    private static Grid csv(byte[] bytes) throws Unreadable {
        String text = decode(bytes);
        if (text.indexOf('\0') >= 0) {
            throw new Unreadable("neither an .xlsx workbook nor a CSV text file", true);
        }
        List<Grid.Row> rows = new ArrayList<>();
        Map<Integer, String> cells = new TreeMap<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.put(column++, cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.put(column, cell.toString());
                rows.add(new Grid.Row(rows.size() + 1, cells));
                cells = new TreeMap<>();
                cell.setLength(0);
                column = 0;
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || column > 0) {
            cells.put(column, cell.toString());
            rows.add(new Grid.Row(rows.size() + 1, cells));
        }
        return new Grid(rows);
    }

    /** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GB18030, which Chinese offices still export. */
    private static String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, GB18030);
        }
    }
}
