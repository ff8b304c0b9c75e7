package kaoping.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The server-side secret API keys are hashed with (HMAC-SHA256), so that a copy of the api_keys table, or of a
 * backup, gives nothing to guess keys from offline. KAOPING_KEY_SECRET if set (every replica must share it);
 * otherwise one generated at the first start into the data directory, readable by its owner only.
 */
@ApplicationScoped
public class KeySecret {
    static final int MIN_LENGTH = 32;
    static final String FILE = "key-secret";
    private static final Logger LOG = Logger.getLogger(KeySecret.class);
    private final SecretKeySpec key;

    KeySecret(@ConfigProperty(name = "kaoping.key-secret") Optional<String> configured,
              @ConfigProperty(name = "kaoping.data-dir") Path dataDir) {
        String secret = configured.filter(s -> !s.isBlank()).orElseGet(() -> stored(dataDir.resolve(FILE)));
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalStateException("The API key secret (KAOPING_KEY_SECRET, or else " + dataDir.resolve(FILE)
                    + ") must be at least " + MIN_LENGTH + " characters long (e.g. `openssl rand -base64 32`).");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private static String stored(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getEncoder().encodeToString(random);
            // written whole under another name, then renamed: a crash never leaves a half-written secret
            Path written = Files.createTempFile(Files.createDirectories(file.getParent()), FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, secret);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("Generated the API key secret into %s: keep it with the database (backups too); "
                    + "without it no API key works.", file);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API key secret " + file, e);
        }
    }

    byte[] mac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // a Mac is not thread-safe, and making one costs microseconds
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
