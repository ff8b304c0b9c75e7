package kaoping.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySecretTest {
    private static final byte[] INPUT = "a key's SHA-256".getBytes(StandardCharsets.UTF_8);

    @Test
    void withoutAConfiguredSecretOneIsGeneratedOnceForTheOwnerOnly(@TempDir Path data) throws Exception {
        byte[] first = new KeySecret(Optional.empty(), data.resolve("new")).mac(INPUT);
        Path file = data.resolve("new").resolve(KeySecret.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, new KeySecret(Optional.empty(), data.resolve("new")).mac(INPUT), "the next start reads it");
        assertFalse(Arrays.equals(first, new KeySecret(Optional.empty(), data.resolve("other")).mac(INPUT)));
        try (var files = Files.list(data.resolve("new"))) {
            assertEquals(1, files.count(), "nothing but the secret is left behind");
        }
    }

    @Test
    void aConfiguredSecretWinsAndMustBeLongEnough(@TempDir Path data) {
        String secret = "0123456789abcdef0123456789abcdef";
        assertArrayEquals(new KeySecret(Optional.of(secret), data).mac(INPUT), new KeySecret(Optional.of(secret), data).mac(INPUT));
        assertFalse(Files.exists(data.resolve(KeySecret.FILE)), "nothing generated");
        assertThrows(IllegalStateException.class, () -> new KeySecret(Optional.of("too-short"), data));
    }
}
