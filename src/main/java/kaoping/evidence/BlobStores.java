package kaoping.evidence;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The blob store the configuration names: the local disk (default) or an S3-compatible object store. */
public class BlobStores {
    @Produces
    @ApplicationScoped
    BlobStore store(@ConfigProperty(name = "kaoping.evidence.store") String kind,
                    @ConfigProperty(name = "kaoping.data-dir") String dataDir,
                    @ConfigProperty(name = "kaoping.evidence.s3.endpoint") Optional<URI> endpoint,
                    @ConfigProperty(name = "kaoping.evidence.s3.bucket") Optional<String> bucket,
                    @ConfigProperty(name = "kaoping.evidence.s3.prefix") String prefix,
                    @ConfigProperty(name = "kaoping.evidence.s3.region") String region,
                    @ConfigProperty(name = "kaoping.evidence.s3.access-key") Optional<String> accessKey,
                    @ConfigProperty(name = "kaoping.evidence.s3.secret-key") Optional<String> secretKey,
                    @ConfigProperty(name = "kaoping.evidence.s3.connect-timeout") Duration connectTimeout,
                    @ConfigProperty(name = "kaoping.evidence.s3.request-timeout") Duration requestTimeout,
                    @ConfigProperty(name = "kaoping.evidence.s3.call-timeout") Duration callTimeout,
                    @ConfigProperty(name = "kaoping.evidence.s3.max-attempts") int maxAttempts, Clock clock) {
        return switch (kind) {
            case "file" -> new FileBlobStore(dataDir, clock);
            case "s3" -> new S3BlobStore(new S3BlobStore.Settings(required(endpoint, "endpoint"), required(bucket, "bucket"),
                    prefix, region, required(accessKey, "access-key"), required(secretKey, "secret-key"), connectTimeout,
                    requestTimeout, callTimeout, maxAttempts));
            default -> throw new IllegalStateException("kaoping.evidence.store is \"file\" or \"s3\", not \"" + kind + "\"");
        };
    }

    private static <T> T required(Optional<T> value, String name) {
        return value.orElseThrow(() -> new IllegalStateException("kaoping.evidence.store=s3 needs kaoping.evidence.s3." + name));
    }
}
