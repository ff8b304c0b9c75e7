package kaoping.sheet;

/**
 * Text in a CSV that spreadsheet programs open. A field that begins with =, +, -, @, tab or CR would be read as a
 * formula (=HYPERLINK(...) comes back live), so the export puts an apostrophe before it, as OWASP recommends for CSV
 * injection; a field that already begins with an apostrophe gets one too, so that the import can take exactly one
 * off again and every text comes back as it was. Numbers the export writes itself (weights, scores) are left alone:
 * -0.5 stays a number.
 */
public final class CsvText {
    private static final String NEUTRALISED = "=+-@\t\r'";

    private CsvText() {
    }

    /** A text field: neutralised, then quoted when it holds a comma, a quote or a line break (RFC 4180). */
    public static String field(String text) {
        String safe = !text.isEmpty() && NEUTRALISED.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    /** The text a field read from a CSV stands for: the apostrophe {@link #field} added is taken off. */
    static String unescape(String field) {
        return field.length() >= 2 && field.charAt(0) == '\'' && NEUTRALISED.indexOf(field.charAt(1)) >= 0
                ? field.substring(1) : field;
    }
}
