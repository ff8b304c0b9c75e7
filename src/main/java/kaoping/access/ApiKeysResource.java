package kaoping.access;

import java.net.URI;
import java.util.UUID;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.core.Response;

import io.quarkus.panache.common.Page;
import kaoping.api.ApiKeysApi;
import kaoping.api.model.ApiKeyCreated;
import kaoping.api.model.ApiKeyInput;
import kaoping.api.model.ApiKeyPage;
import kaoping.web.Paging;

@Authenticated
public class ApiKeysResource implements ApiKeysApi {
    private final ApiKeyService service;

    public ApiKeysResource(ApiKeyService service) {
        this.service = service;
    }

    @Override
    public Response createApiKey(ApiKeyInput input) {
        ApiKeyCreated created = service.create(input);
        return Response.created(URI.create("/api/v1/api-keys/" + created.getId())).entity(created).build();
    }

    @Override
    public Response getApiKey(UUID apiKeyId) {
        return Response.ok(ApiKeyMapper.toApi(service.get(apiKeyId))).build();
    }

    @Override
    public Response listApiKeys(Boolean revoked, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        return Response.ok(new ApiKeyPage().page(p.index).size(p.size).total(service.count(revoked))
                .items(service.list(revoked, p).stream().map(ApiKeyMapper::toApi).toList())).build();
    }

    @Override
    public Response revokeApiKey(UUID apiKeyId) {
        service.revoke(apiKeyId);
        return Response.noContent().build();
    }
}
