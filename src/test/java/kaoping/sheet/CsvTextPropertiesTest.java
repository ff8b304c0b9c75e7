package kaoping.sheet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The CSV export's text fields against the CSV import: whatever a name or a 评分标准 holds (commas, quotes, line
 * breaks, a leading =, +, -, @, tab, CR or apostrophe), it reads back as it was, and no field a spreadsheet opens
 * starts a formula.
 */
class CsvTextPropertiesTest {
    private static final ImportLimits LIMITS = new ImportLimits(20 << 20, 32 << 20, 10_000, 64, 32_767, 16_000_000, 100);

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> start = Arbitraries.of("", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "\"", ",", "\n",
                "=HYPERLINK(\"http://x\",\"y\")", "-0.5", "-0.5分/次", "每发现一次扣0.5分，扣完为止\r\n",
                "=IF(B2>=500,\"完成\",\"\")", "按\"优\",\"良\"评定；");
        Arbitrary<String> any = Arbitraries.strings().withChars("ab,\"\r\n\t'=+-@ 科室，；").ofMaxLength(12);
        return Arbitraries.oneOf(any, Combinators.combine(start, any).as(String::concat));
    }

    @Property
    void everyNameReadsBackAsItWasWritten(@ForAll @Size(min = 1, max = 6) List<@From("names") String> names)
            throws IOException {
        StringBuilder csv = new StringBuilder("\uFEFF");
        for (String name : names) {
            csv.append(CsvText.field(name)).append(',').append(CsvText.field(name + name)).append("\r\n");
        }
        Grid grid = read(csv.toString());
        assertEquals(names.size(), grid.rows().size(), csv.toString());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(Map.of(0, names.get(i), 1, names.get(i) + names.get(i)), grid.rows().get(i).cells());
        }
    }

    @Property
    void noFieldStartsAFormula(@ForAll("names") String name) {
        String field = CsvText.field(name);
        String opened = field.startsWith("\"") ? field.substring(1) : field;
        assertFalse(!opened.isEmpty() && "=+-@\t\r".indexOf(opened.charAt(0)) >= 0, field);
    }

    private static Grid read(String csv) throws IOException {
        Path file = Files.createTempFile("names", ".csv");
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return SheetReader.read(file, LIMITS);
        } catch (SheetReader.Unreadable e) {
            throw new AssertionError(e);
        } finally {
            Files.delete(file);
        }
    }
}
