package kaoping.run;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged app refuses to start with a mistyped KAOPING_* variable, and says which. */
class ConfigCheckIT {
    @TempDir
    Path data;

    @Test
    void aMistypedVariableStopsTheStartAndIsNamed() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar",
                Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        builder.environment().put("KAOPING_DATA_DIR", data.toString());
        builder.environment().put("KAOPING_S3_SECRT_KEY", "whatever");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        Process app = builder.start();
        // the process ends by itself: reading its output to the end is the wait
        String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(app.waitFor(120, TimeUnit.SECONDS), out);
        assertNotEquals(0, app.exitValue(), out);
        assertTrue(out.contains("Unknown setting(s) KAOPING_S3_SECRT_KEY"), out);
        assertTrue(!out.contains("whatever"), "the value is never printed");
    }
}
