package kaoping.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Against the real application.properties: what the README documents passes, a typo is named. */
class ConfigCheckTest {
    private static Properties declared() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConfigCheckTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void theDocumentedSettingsAreKnown() throws IOException {
        assertEquals(List.of(), ConfigCheck.unknown(declared(),
                List.of("kaoping.evidence.store", "%prod.kaoping.data-dir", "quarkus.http.port", "KAOPING_S3_SECRET_KEY",
                        "kaoping.bootstrap.api.key", "kaoping.s3.secret.key"),
                Set.of("KAOPING_S3_SECRET_KEY", "KAOPING_DATA_DIR", "KAOPING_BOOTSTRAP_API_KEY", "KAOPING_CORS_ORIGINS",
                        "KAOPING_EVIDENCE_SWEEP_GRACE", "KAOPING_LOG_JSON", "PATH")));
    }

    @Test
    void aMistypedVariableOrPropertyIsNamed() throws IOException {
        assertEquals(List.of("KAOPING_S3_SECRT_KEY", "kaoping.evidnce.store"), ConfigCheck.unknown(declared(),
                List.of("kaoping.evidnce.store", "kaoping.evidence.store", "kaoping.s3.secrt.key"),
                Set.of("KAOPING_S3_SECRT_KEY", "KAOPING_DATA_DIR")));
    }
}
