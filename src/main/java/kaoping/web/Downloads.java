package kaoping.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Headers of file downloads. */
public final class Downloads {
    private Downloads() {
    }

    /** RFC 6266 attachment: an ASCII fallback for old clients and the exact name in UTF-8 (RFC 8187). */
    public static String attachment(String filename) {
        String ascii = filename.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
