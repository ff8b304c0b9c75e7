package kaoping.access;

import kaoping.api.model.ApiKey;
import kaoping.api.model.ApiKeyCreated;
import kaoping.api.model.Role;

final class ApiKeyMapper {
    private ApiKeyMapper() {
    }

    static ApiKey toApi(ApiKeyEntity e) {
        return new ApiKey().id(e.id).name(e.name).prefix(e.prefix).unitId(e.unitId).personId(e.personId).createdAt(e.createdAt)
                .revokedAt(e.revokedAt).roles(ApiKeyService.roles(e).stream().map(Role::fromValue).toList());
    }

    static ApiKeyCreated created(ApiKeyEntity e, String key) {
        return new ApiKeyCreated().id(e.id).name(e.name).prefix(e.prefix).unitId(e.unitId).personId(e.personId).createdAt(e.createdAt)
                .roles(ApiKeyService.roles(e).stream().map(Role::fromValue).toList()).key(key);
    }
}
