package kaoping.web;

import java.util.Locale;

/** Content codings a client accepts (RFC 9110 12.5.3). */
public final class Encodings {
    private Encodings() {
    }

    /**
     * Whether Accept-Encoding lets the answer be gzipped: gzip (or x-gzip), or else "*", with a weight above 0.
     * No header means no preference, which this reads as identity, as clients that say nothing expect.
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean any = null;
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean wanted = weight(parts) > 0;
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return wanted;
            }
            if (coding.equals("*")) {
                any = wanted;
            }
        }
        return any != null && any;
    }

    /** The q parameter: 1 when absent, 0 when unreadable (a client that garbles it gets the plain answer). */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() >= 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
