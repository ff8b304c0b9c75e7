package kaoping.evidence;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the evidence store answers: a replica whose object store hangs is taken out of the load balancer
 * rather than making uploads wait; it is back as soon as the store answers again (every probe asks afresh).
 */
@Readiness
@ApplicationScoped
public class BlobStoreHealth implements HealthCheck {
    private final BlobStore blobs;

    public BlobStoreHealth(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            blobs.check();
            return HealthCheckResponse.up("evidence store");
        } catch (IOException e) {
            return HealthCheckResponse.named("evidence store").down().withData("error", e.getMessage()).build();
        }
    }
}
