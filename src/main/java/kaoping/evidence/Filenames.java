package kaoping.evidence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Original filenames as metadata: no path, no control or direction characters, Chinese intact. */
final class Filenames {
    private static final int MAX = 255;

    private Filenames() {
    }

    static String clean(String given) {
        String name = given == null ? "" : given;
        // the last segment of either kind of path: "../../etc/passwd" and "C:\\x\\y.pdf" keep only the file's name
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder();
        name.codePoints().filter(c -> !Character.isISOControl(c) && !isDirectionControl(c)).forEach(kept::appendCodePoint);
        String cleaned = kept.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.isEmpty()) {
            return "file";
        }
        return cleaned.length() <= MAX ? cleaned : cleaned.substring(0, MAX);
    }

    /** Bidirectional overrides and isolates can make "exe.pdf" read as "fdp.exe". */
    private static boolean isDirectionControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
    }

    /** RFC 6266: an ASCII fallback for old clients and the exact name in UTF-8 (RFC 8187). */
    static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
