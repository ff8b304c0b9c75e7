package kaoping.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EncodingsTest {
    @Test
    void gzipIsSentOnlyWhereTheClientAcceptsIt() {
        Map<String, Boolean> cases = Map.ofEntries(Map.entry("gzip", true), Map.entry("gzip, deflate, br", true),
                Map.entry("br;q=1.0, GZIP;q=0.5", true), Map.entry("x-gzip", true), Map.entry("*", true),
                Map.entry("identity", false), Map.entry("", false), Map.entry("gzip;q=0", false),
                Map.entry("gzip; q=0.000", false), Map.entry("*;q=0.1, gzip;q=0", false), Map.entry("br, *;q=0", false),
                Map.entry("gzip;q=nonsense", false), Map.entry("gzip;q=", false), Map.entry("deflate", false));
        cases.forEach((header, gzip) -> assertEquals(gzip, Encodings.acceptsGzip(header), header));
        assertEquals(false, Encodings.acceptsGzip(null));
    }
}
