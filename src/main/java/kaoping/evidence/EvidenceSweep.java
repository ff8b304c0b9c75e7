package kaoping.evidence;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Removes what an interrupted upload can leave: spooled files in the uploads directory, and blobs no record points
 * to (kept, then the record failed to commit). Only what is older than the grace goes, so an upload in flight and a
 * blob whose record is about to commit are never touched.
 */
@ApplicationScoped
public class EvidenceSweep {
    private static final Logger LOG = Logger.getLogger(EvidenceSweep.class);
    private final BlobStore blobs;
    private final Path uploads;
    private final Duration grace;
    private final Clock clock;
    /** Set when the app stops: a sweep in progress ends after the blob at hand instead of going through them all. */
    private volatile boolean stopping;

    public EvidenceSweep(BlobStore blobs, @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads,
                         @ConfigProperty(name = "kaoping.evidence.sweep-grace") Duration grace, Clock clock) {
        this.blobs = blobs;
        this.uploads = Path.of(uploads).toAbsolutePath();
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * Multipart parts spool into the uploads directory, and fail without it. What a previous run left there (it
     * crashed mid-upload) goes now: the data directory belongs to one app, so a file older than this process is no
     * upload in flight.
     */
    void atStart(@Observes StartupEvent start) throws IOException {
        Files.createDirectories(uploads);
        int spooled = removeSpooled(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        if (spooled > 0) {
            LOG.infof("Removed %d upload(s) left unfinished by the previous run.", spooled);
        }
    }

    void atStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    /** Right after start (not holding it up) and then periodically; never two at once. */
    @Scheduled(every = "${kaoping.evidence.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void periodically() {
        sweep(grace);
    }

    /** What was removed: spooled files and blobs. */
    public record Swept(int spooled, int blobs) {
    }

    private int removeSpooled(Instant before) throws IOException {
        int spooled = 0;
        if (Files.isDirectory(uploads)) {
            try (Stream<Path> files = Files.list(uploads)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                        spooled++;
                    }
                }
            }
        }
        return spooled;
    }

    @ActivateRequestContext
    public Swept sweep(Duration olderThan) {
        Instant before = clock.instant().minus(olderThan);
        try {
            int spooled = removeSpooled(before);
            Set<String> referenced = new HashSet<>(EvidenceEntity.getEntityManager()
                    .createQuery("select distinct e.sha256 from EvidenceEntity e", String.class).getResultList());
            int removed = 0;
            List<BlobStore.Stored> stored = blobs.list();
            for (BlobStore.Stored blob : stored) {
                if (stopping) {
                    break;
                }
                if (blob.changed().isBefore(before) && !referenced.contains(blob.sha256())) {
                    blobs.delete(blob.sha256());
                    removed++;
                }
            }
            if (spooled + removed > 0) {
                LOG.infof("Evidence sweep removed %d spooled upload(s) and %d blob(s) no record points to.", spooled, removed);
            }
            return new Swept(spooled, removed);
        } catch (IOException e) {
            LOG.warn("Evidence sweep could not finish; it runs again later", e);
            return new Swept(0, 0);
        }
    }
}
