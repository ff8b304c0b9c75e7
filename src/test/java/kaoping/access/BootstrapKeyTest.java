package kaoping.access;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class BootstrapKeyTest {
    @Test
    void aChosenKeyShorterThan32CharactersIsRefusedBeforeAnythingIsStored() {
        // no key service: the refusal comes before any use of it
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new BootstrapKey().onStart(null, null, Optional.of("jinjiang-admin-2026-0123456789x")));
        assertTrue(refused.getMessage().contains("KAOPING_BOOTSTRAP_API_KEY is 31 characters long"), refused.getMessage());
    }
}
