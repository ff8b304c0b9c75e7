package kaoping.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * The zero-setup database: a PostgreSQL cluster under a data directory, run from the binaries io.zonky bundles with
 * PostgreSQL's durable defaults (only the test suite trades them for speed), password authentication for every
 * connection, and two roles: {@link #OWNER} runs the migrations and owns the tables, {@link #APP} is what the
 * application connects as (V6 grants it what it may do). The passwords are generated once and kept next to the cluster,
 * readable by the owner of the files only.
 * <p>
 * A server left running by an app that died on this data directory is stopped before a new one starts; a watchdog
 * process stops the server within moments of the app's death in the first place.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** initdb's superuser: runs the migrations, owns the tables. */
    public static final String OWNER = "postgres";
    /** The application's role: no superuser, owns nothing. */
    public static final String APP = "kaoping";
    private static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");

    /** How the server keeps what it has acknowledged. */
    public enum Durability {
        /** PostgreSQL's defaults: fsync, synchronous commit and full-page writes on. */
        DURABLE(List.of()),
        /** The test suite only: a crash may lose acknowledged writes or corrupt the cluster, for speed. */
        DISPOSABLE(List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300"));

        private final List<String> settings;

        Durability(List<String> settings) {
            this.settings = settings;
        }
    }

    private final Path cluster;
    private final Path bin;
    private final Path log;
    private final int port;
    private final String ownerPassword;
    private final String appPassword;
    private final FileChannel lock;
    private final Process watchdog;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(Path dataDir, Durability durability) throws IOException {
        Files.createDirectories(dataDir);
        lock = lock(dataDir.resolve("kaoping.lock"));
        cluster = dataDir.resolve("postgres");
        log = dataDir.resolve("postgres.log");
        bin = binaries();
        ownerPassword = password(dataDir.resolve(OWNER + ".password"));
        appPassword = password(dataDir.resolve(APP + ".password"));
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            run(pg("initdb", "-D", cluster.toString(), "-U", OWNER, "-E", "UTF8", "--auth=scram-sha-256",
                    "--pwfile=" + dataDir.resolve(OWNER + ".password")), null);
        }
        stopOrphan();
        // written at every start, so a cluster made before passwords were required needs them too
        Files.writeString(cluster.resolve("pg_hba.conf"), """
                # Written by Kaoping at every start: every connection needs its role's password.
                local all all scram-sha-256
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        // single-user mode needs no connection, so it can set the passwords even of a cluster that had none
        run(pg("postgres", "--single", "-D", cluster.toString(), "postgres"), """
                ALTER ROLE %1$s PASSWORD '%2$s';
                DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%3$s') THEN CREATE ROLE %3$s; END IF; END $$;
                ALTER ROLE %3$s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '%4$s';
                """.formatted(OWNER, ownerPassword, APP, appPassword));
        port = freePort();
        watchdog = startWatchdog();
        List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port), "-c", "timezone=UTC"));
        durability.settings.forEach(setting -> options.addAll(List.of("-c", setting)));
        run(pg("pg_ctl", "-D", cluster.toString(), "-l", log.toString(), "-w", "-t", "120", "-o", String.join(" ", options),
                "start"), null);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-stop"));
        try (var connection = DriverManager.getConnection(jdbcUrl(), APP, appPassword)) {
            LOG.debugf("PostgreSQL answers on port %d", port);
        } catch (SQLException e) {
            close();
            throw new IOException("the embedded PostgreSQL started but does not accept the application's role; see " + log, e);
        }
    }

    /** Starts (creating it on the first start) the cluster under {@code dataDir}/postgres. */
    public static EmbeddedDatabase start(Path dataDir, Durability durability) throws IOException {
        return new EmbeddedDatabase(dataDir.toAbsolutePath().normalize(), durability);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String ownerPassword() {
        return ownerPassword;
    }

    public String appPassword() {
        return appPassword;
    }

    public Path cluster() {
        return cluster;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        watchdog.destroy(); // stopping now ourselves: its own stop would only race this one
        try {
            run(stop(), null);
        } catch (IOException e) {
            LOG.error("Could not stop the embedded PostgreSQL", e);
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.error("Could not release " + cluster.resolveSibling("kaoping.lock"), e);
        }
    }

    /**
     * One app per data directory. The operating system releases the lock when its process ends, however it ends, so
     * a server running on a directory whose lock is free was left by an app that is gone.
     */
    private static FileChannel lock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            channel.close();
            throw new IOException("Another Kaoping is running on " + file.getParent() + "; stop it first, or set another KAOPING_DATA_DIR");
        }
        return channel;
    }

    /**
     * A server still running on this data directory was left by an app that died (kill -9, OOM, a lost terminal; a
     * live one holds the directory's lock): it is recognised by the pid in its pid file belonging to a postgres whose
     * command line names this directory, and stopped cleanly. A pid file whose process is gone is left to PostgreSQL, which removes it itself; one whose pid
     * now belongs to another program is stale and removed; no other process is ever touched.
     */
    private void stopOrphan() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(cluster.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return;
        }
        ProcessHandle process = lines.isEmpty() ? null : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive).orElse(null);
        if (process == null) {
            return;
        }
        ProcessHandle.Info info = process.info();
        if (info.arguments().isEmpty()) {
            LOG.warnf("%s names process %d, which this user cannot inspect; it is left alone", cluster.resolve("postmaster.pid"),
                    process.pid());
        } else if (info.command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(true)
                && List.of(info.arguments().get()).contains(cluster.toString())) {
            LOG.warnf("Stopping PostgreSQL (pid %d) left running on %s by an app that did not stop it", process.pid(), cluster);
            run(stop(), null);
        } else {
            LOG.warnf("Removing the stale pid file of %s: process %d is another program", cluster, process.pid());
            Files.delete(cluster.resolve("postmaster.pid"));
        }
    }

    /** A process of this JVM's Java that stops the server when this JVM is gone (see {@link Watchdog}). */
    private Process startWatchdog() throws IOException {
        String classes;
        try {
            classes = Path.of(Watchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the watchdog's class", e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the smallest JVM that can wait on a pipe and run one command (about 30 MB resident, half of it
                // shared with the app's JVM)
                "-Xint", "-Xmx4m", "-Xss256k", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", classes,
                Watchdog.class.getName()));
        command.addAll(stop());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** A PostgreSQL program; as root, in a user namespace where it is not root (PostgreSQL refuses root), as io.zonky does. */
    private List<String> pg(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(bin.resolve(WINDOWS ? program + ".exe" : program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private List<String> stop() {
        return pg("pg_ctl", "-D", cluster.toString(), "stop", "-m", "fast", "-w", "-t", "60");
    }

    private void run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(command.size() - 1) + " did not finish in 180 s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "); see " + log);
        }
    }

    /** The password in this file, made (random, readable by this user only) if there is none yet. */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path draft = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(draft);
        if (draft.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(draft);
            draft.toFile().setReadable(false, false);
            draft.toFile().setReadable(true, true);
        }
        Files.writeString(draft, password);
        // whole or not at all: a crash here never leaves an empty password behind
        Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /**
     * io.zonky's PostgreSQL for this system, unpacked once per archive into the temporary directory (into a draft
     * directory first, renamed when complete, so concurrent starts never see half of it).
     */
    private static Path binaries() throws IOException {
        String os = WINDOWS ? "Windows" : System.getProperty("os.name").startsWith("Mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        byte[] archive;
        MessageDigest sha256;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            sha256 = MessageDigest.getInstance("SHA-256");
            archive = new DigestInputStream(in, sha256).readAllBytes();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "kaoping-postgres",
                HexFormat.of().formatHex(sha256.digest()).substring(0, 16));
        if (Files.isDirectory(home)) {
            return home.resolve("bin");
        }
        Files.createDirectories(home.getParent());
        Path draft = Files.createTempDirectory(home.getParent(), "unpacking");
        try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new java.io.ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = draft.resolve(entry.getName()).normalize();
                if (!target.startsWith(draft)) {
                    throw new IOException("unexpected entry in the PostgreSQL archive: " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                    target.toFile().setExecutable((entry.getMode() & 0100) != 0);
                }
            }
        }
        try {
            Files.move(draft, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            delete(draft); // another start unpacked the same archive first
        }
        return home.resolve("bin");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
