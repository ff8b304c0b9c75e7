package kaoping.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where the bytes of evidence live, named by their SHA-256 (the same content is kept once). The default keeps
 * them on the local disk ({@link FileBlobStore}); a store for object storage implements the same four operations.
 */
public interface BlobStore {
    /**
     * Keeps a complete file, already on disk and forced to it, as the blob {@code sha256}. Called before the record
     * that points to it is committed; a blob whose record never commits is removed by the sweep.
     */
    void put(String sha256, Path file) throws IOException;

    /** {@code length} bytes of the blob from {@code offset}. */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /** Every blob with its last change, for the sweep. */
    List<Stored> list() throws IOException;

    void delete(String sha256) throws IOException;

    /** Whether the store answers now, promptly; readiness asks it. The local disk always does. */
    default void check() throws IOException {
    }

    record Stored(String sha256, Instant changed) {
    }

    /**
     * The store cannot be used now (does not answer in time, refuses the credentials, fails): the request that needed
     * it gets a 503, and the next one tries again.
     */
    class Unavailable extends IOException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
