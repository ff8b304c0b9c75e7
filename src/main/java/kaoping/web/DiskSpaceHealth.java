package kaoping.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Not ready when the disk of the data directory (embedded database, evidence, uploads in progress) runs low: better
 * out of the load balancer than failing writes half-way.
 */
@Readiness
@ApplicationScoped
public class DiskSpaceHealth implements HealthCheck {
    private final Path dataDir;
    private final long minimum;

    public DiskSpaceHealth(@ConfigProperty(name = "kaoping.data-dir") String dataDir,
                           @ConfigProperty(name = "kaoping.health.min-free-disk") MemorySize minimum) {
        this.dataDir = Path.of(dataDir).toAbsolutePath();
        this.minimum = minimum.asLongValue();
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Files.createDirectories(dataDir);
            long free = Files.getFileStore(dataDir).getUsableSpace();
            return HealthCheckResponse.named("data directory disk").status(free >= minimum)
                    .withData("freeBytes", free).withData("minimumBytes", minimum).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("data directory disk").down().withData("error", e.getMessage()).build();
        }
    }
}
