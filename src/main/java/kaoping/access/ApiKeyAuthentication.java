package kaoping.access;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import kaoping.audit.FailedLogins;
import kaoping.web.ApiProblem;

/** The X-API-Key scheme for office systems, beside the Bearer tokens that smallrye-jwt verifies. */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {
    public static final String HEADER = "X-API-Key";

    static final class ApiKeyRequest extends BaseAuthenticationRequest {
        final String key;

        ApiKeyRequest(String key) {
            this.key = key;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = context.request().getHeader(HEADER);
        if (key == null || key.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(key.trim()), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "ApiKey header=\"" + HEADER + "\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }

    @ApplicationScoped
    static class Provider implements IdentityProvider<ApiKeyRequest> {
        private final ApiKeyService keys;
        private final FailedLogins failedLogins;
        private final LoginThrottle throttle;
        private final KeyCache cache;

        Provider(ApiKeyService keys, FailedLogins failedLogins, LoginThrottle throttle, KeyCache cache) {
            this.keys = keys;
            this.failedLogins = failedLogins;
            this.throttle = throttle;
            this.cache = cache;
        }

        @Override
        public Class<ApiKeyRequest> getRequestType() {
            return ApiKeyRequest.class;
        }

        /**
         * A key this replica has checked since the last change of any key is known from memory, on the event loop;
         * any other is checked against the database on a worker thread.
         */
        @Override
        public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
            String hash = keys.hash(request.key);
            KeyCache.Key known = cache.get(hash).orElse(null);
            if (known != null) {
                RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
                // the key is active, so only its prefix's own limit holds it back (see LoginThrottle)
                Duration wait = throttle.refusal(FailedLogins.clientAddress(http), ApiKeyService.prefix(request.key),
                        () -> true).orElse(null);
                if (wait == null) {
                    return Uni.createFrom().item(identity(known));
                }
            }
            return context.runBlocking(() -> {
                RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
                String address = FailedLogins.clientAddress(http);
                String prefix = ApiKeyService.prefix(request.key);
                Duration wait = throttle.refusal(address, prefix, () -> keys.activePrefix(prefix)).orElse(null);
                if (wait != null) {
                    failedLogins.throttled(http, prefix);
                    throw new AuthenticationFailedException(ApiProblem.tooManyRequests(wait));
                }
                long readAt = cache.epoch();
                ApiKeyEntity key = keys.authenticate(request.key).orElse(null);
                if (key == null) {
                    throttle.failed(address, prefix);
                    failedLogins.apiKey(http, prefix);
                    throw new AuthenticationFailedException();
                }
                KeyCache.Key checked = new KeyCache.Key(key.id, key.name, ApiKeyService.roles(key), key.unitId, key.personId);
                cache.put(hash, checked, readAt);
                return identity(checked);
            });
        }

        private static SecurityIdentity identity(KeyCache.Key key) {
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("api-key:" + key.id()))
                    .addRoles(Set.copyOf(key.roles()))
                    .addAttribute(Caller.KEY_NAME_ATTRIBUTE, key.name());
            if (key.unitId() != null) {
                identity.addAttribute(Caller.UNIT_ATTRIBUTE, key.unitId().toString());
            }
            if (key.personId() != null) {
                identity.addAttribute(Caller.PERSON_ATTRIBUTE, key.personId().toString());
            }
            return identity.build();
        }
    }
}
