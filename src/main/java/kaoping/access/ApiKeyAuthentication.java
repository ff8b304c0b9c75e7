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

        Provider(ApiKeyService keys, FailedLogins failedLogins, LoginThrottle throttle) {
            this.keys = keys;
            this.failedLogins = failedLogins;
            this.throttle = throttle;
        }

        @Override
        public Class<ApiKeyRequest> getRequestType() {
            return ApiKeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> {
                RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
                String address = FailedLogins.clientAddress(http);
                String prefix = ApiKeyService.prefix(request.key);
                Duration wait = throttle.refusal(address, prefix, () -> keys.activePrefix(prefix)).orElse(null);
                if (wait != null) {
                    failedLogins.throttled(http, prefix);
                    throw new AuthenticationFailedException(ApiProblem.tooManyRequests(wait));
                }
                ApiKeyEntity key = keys.authenticate(request.key).orElse(null);
                if (key == null) {
                    throttle.failed(address, prefix);
                    failedLogins.apiKey(http, prefix);
                    throw new AuthenticationFailedException();
                }
                QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("api-key:" + key.id))
                        .addRoles(Set.copyOf(ApiKeyService.roles(key)))
                        .addAttribute(Caller.KEY_NAME_ATTRIBUTE, key.name);
                if (key.unitId != null) {
                    identity.addAttribute(Caller.UNIT_ATTRIBUTE, key.unitId.toString());
                }
                if (key.personId != null) {
                    identity.addAttribute(Caller.PERSON_ATTRIBUTE, key.personId.toString());
                }
                return identity.build();
            });
        }
    }
}
