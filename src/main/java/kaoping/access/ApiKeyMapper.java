package kaoping.access;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import kaoping.api.model.ApiKey;
import kaoping.api.model.ApiKeyCreated;
import kaoping.api.model.Role;

final class ApiKeyMapper {
    private ApiKeyMapper() {
    }

    static ApiKey toApi(ApiKeyEntity e) {
        return new ApiKey().id(e.id).name(e.name).prefix(e.prefix).unitId(e.unitId).personId(e.personId).createdAt(e.createdAt)
                .revokedAt(e.revokedAt).roles(roles(e));
    }

    static ApiKeyCreated created(ApiKeyEntity e, String key) {
        return new ApiKeyCreated().id(e.id).name(e.name).prefix(e.prefix).unitId(e.unitId).personId(e.personId).createdAt(e.createdAt)
                .roles(roles(e)).key(key);
    }

    /** A set in the order the key lists them, so that every answer shows them alike. */
    private static Set<Role> roles(ApiKeyEntity e) {
        return ApiKeyService.roles(e).stream().map(Role::fromValue).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
