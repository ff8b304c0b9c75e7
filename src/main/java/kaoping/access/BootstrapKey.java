package kaoping.access;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import kaoping.api.model.ApiKeyInput;
import kaoping.api.model.Role;

/**
 * A new installation has no way in; the first start creates an ADMIN key: KAOPING_BOOTSTRAP_API_KEY if set,
 * otherwise a generated one printed once to the log. Each start also rehashes keys stored before the key secret.
 */
@ApplicationScoped
public class BootstrapKey {
    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);
    /** An operator's chosen key must not be guessable: as long as a generated key's random part, in characters. */
    static final int MIN_LENGTH = 32;

    void onStart(@Observes StartupEvent event, ApiKeyService keys,
                 @ConfigProperty(name = "kaoping.bootstrap-api-key") Optional<String> configured) {
        // refused even when it would not be stored: a short key that is already the stored one is still weak
        if (configured.isPresent() && configured.get().length() < MIN_LENGTH) {
            throw new IllegalStateException("KAOPING_BOOTSTRAP_API_KEY is " + configured.get().length()
                    + " characters long; it must have at least " + MIN_LENGTH + " (e.g. `openssl rand -base64 32`). "
                    + "If the short key is already in use, start without it, create a new ADMIN key and revoke the short one.");
        }
        int rehashed = keys.rehashLegacy();
        if (rehashed > 0) {
            LOG.infof("Rehashed %d API keys with the key secret.", rehashed);
        }
        if (!keys.none()) {
            return;
        }
        if (configured.isPresent()) {
            keys.store("bootstrap", configured.get(), List.of(Roles.ADMIN), null);
            LOG.info("Created the ADMIN API key given in KAOPING_BOOTSTRAP_API_KEY.");
        } else {
            String key = keys.create(new ApiKeyInput().name("bootstrap").roles(java.util.Set.of(Role.ADMIN))).getKey();
            LOG.infof("Created an ADMIN API key (shown only this once, keep it safe): %s", key);
        }
    }
}
