package kaoping.evidence;

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
}
