package kaoping.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code <data dir>/blobs/ab/cd/<sha256>}. Uploads spool into {@code <data dir>/uploads} on the
 * same disk, so keeping one is an atomic rename, and a crash leaves either no blob or a whole one.
 */
public class FileBlobStore implements BlobStore {
    private final Path root;
    /** Renews a kept blob's time, which the sweep's grace is measured from on the same clock. */
    private final Clock clock;

    public FileBlobStore(String dataDir, Clock clock) {
        this.root = Path.of(dataDir, "blobs").toAbsolutePath();
        this.clock = clock;
    }

    private Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    @Override
    public void put(String sha256, Path file) throws IOException {
        Path target = path(sha256);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            // the same content is already kept; renew its time so the sweep's grace covers the record about to commit
            Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            return;
        }
        try {
            Files.move(movable(file, target), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException sameContentAtTheSameTime) {
            // kept by another upload meanwhile: its time is renewed below like a new blob's
        }
        // a new blob's time is the clock's too, not the spooled file's: the grace runs from its keeping
        Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself is durable
        }
    }

    /**
     * The file itself when it can be renamed into place; otherwise (uploads configured on another disk) a copy next
     * to the target, forced to disk, so that the last step is still one atomic rename.
     */
    private static Path movable(Path file, Path target) throws IOException {
        if (Files.getFileStore(file).equals(Files.getFileStore(target.getParent()))) {
            return file;
        }
        Path copy = Files.createTempFile(target.getParent(), "incoming-", ".tmp");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return copy;
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        return region(path(sha256), offset, length);
    }

    /** {@code length} bytes of a file from {@code offset}, read as they are needed. */
    static InputStream region(Path file, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public List<Stored> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return new Stored(f.getFileName().toString(), Files.getLastModifiedTime(f).toInstant());
                } catch (IOException gone) {
                    return null;
                }
            }).filter(s -> s != null).toList();
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(path(sha256));
    }

    /** At most {@code remaining} bytes of a stream, then end of stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            remaining -= b < 0 ? remaining : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, off, (int) Math.min(len, remaining));
            remaining = n < 0 ? 0 : remaining - n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
