package kaoping.access;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import kaoping.api.MeApi;
import kaoping.api.model.Me;
import kaoping.api.model.NamedRef;
import kaoping.api.model.Role;
import kaoping.org.PersonEntity;
import kaoping.org.UnitEntity;

/** The caller as the server sees them, so a front end needs no second guess of the access rules. */
@Authenticated
public class MeResource implements MeApi {
    private final Caller caller;
    private final OperationRoles operations;

    public MeResource(Caller caller, OperationRoles operations) {
        this.caller = caller;
        this.operations = operations;
    }

    @Override
    public Response getMe() {
        return Response.ok(new Me()
                .credential(caller.hasToken() ? Me.CredentialEnum.TOKEN : Me.CredentialEnum.API_KEY)
                .name(caller.name())
                .roles(Arrays.stream(Role.values()).filter(r -> caller.has(r.toString()))
                        .collect(Collectors.toCollection(LinkedHashSet::new)))
                .unit(named(caller.unitId(), id -> UnitEntity.<UnitEntity>findByIdOptional(id).map(u -> u.name)))
                .person(named(caller.personId(), id -> PersonEntity.<PersonEntity>findByIdOptional(id).map(p -> p.name)))
                .actor(Actor.api(caller.actor()))
                .operations(operations.allowedTo(caller.roles()))).build();
    }

    /** A reference with its name; none when the credential names no row or a row since deleted. */
    private static NamedRef named(Optional<UUID> id, Function<UUID, Optional<String>> name) {
        return id.flatMap(i -> name.apply(i).map(n -> new NamedRef().id(i).name(n))).orElse(null);
    }
}
