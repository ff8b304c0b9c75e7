package kaoping.sheet;

import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Everything the import builds from a file is bounded here, so that a hostile file costs bounded time and memory:
 * a real 考评表 has fewer than 2,000 rows and 40 columns, and bench/import.sh imports 5,000 targets (4 MB of sheet
 * XML) in a 256 MB heap. Beyond a bound the import stops reading and answers 413 naming it.
 *
 * @param maxSize         the uploaded file (kaoping.import.max-size)
 * @param maxInflatedSize each part of an .xlsx once unzipped: the sheet, the shared strings, and every other part
 *                        POI reads (kaoping.import.max-inflated-size)
 * @param maxRows         the last row that holds text; a CSV counts blank lines too (kaoping.import.max-rows)
 * @param maxColumns      the last column that holds text (kaoping.import.max-columns)
 * @param maxCellLength   characters of one cell or shared string, Excel's own limit by default
 *                        (kaoping.import.max-cell-length)
 * @param maxText         characters in all the cells of an .xlsx, a shared string or a merged region counted in each
 *                        cell it fills, so that repeated text cannot multiply the work (kaoping.import.max-text); a
 *                        CSV's text is bounded by its size
 * @param maxErrors       problems listed in a 422; the rest are counted in a last "and N more" (kaoping.import.max-errors)
 */
record ImportLimits(long maxSize, long maxInflatedSize, int maxRows, int maxColumns, int maxCellLength, long maxText,
                    int maxErrors) {
    private static final long POI_MARGIN = 1024 * 1024;

    static ImportLimits from(Config config) {
        return new ImportLimits(config.getValue("kaoping.import.max-size", MemorySize.class).asLongValue(),
                config.getValue("kaoping.import.max-inflated-size", MemorySize.class).asLongValue(),
                config.getValue("kaoping.import.max-rows", Integer.class),
                config.getValue("kaoping.import.max-columns", Integer.class),
                config.getValue("kaoping.import.max-cell-length", Integer.class),
                config.getValue("kaoping.import.max-text", Long.class),
                config.getValue("kaoping.import.max-errors", Integer.class));
    }

    /** The most cells a table can hold; merged regions may fill no more, and a workbook may share no more strings. */
    long maxCells() {
        return (long) maxRows * maxColumns;
    }

    /**
     * POI's zip checks are process-wide. Its entry size bound guards the parts POI parses itself (the workbook, the
     * relations); it sits a little above ours, which the reader counts on the sheet and the shared strings, because
     * POI counts what it has inflated ahead of the parser, and the refusal should name our limit.
     */
    void applyToPoi() {
        ZipSecureFile.setMaxEntrySize(maxInflatedSize + POI_MARGIN);
    }

    /** A bound was reached; unchecked, since it is raised inside POI's and the XML parsers' callbacks. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
