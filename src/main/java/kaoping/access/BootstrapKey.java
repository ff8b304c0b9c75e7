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
 * otherwise a generated one printed once to the log.
 */
@ApplicationScoped
public class BootstrapKey {
    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);

    void onStart(@Observes StartupEvent event, ApiKeyService keys,
                 @ConfigProperty(name = "kaoping.bootstrap-api-key") Optional<String> configured) {
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
