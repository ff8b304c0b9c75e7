package kaoping.org;

import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.PeopleApi;
import kaoping.api.model.PersonInput;
import kaoping.api.model.PersonPage;
import kaoping.web.Etags;
import kaoping.web.Paging;

@Authenticated
public class PeopleResource implements PeopleApi {
    private final PersonService service;

    public PeopleResource(PersonService service) {
        this.service = service;
    }

    @Override
    public Response listPeople(String q, UUID unitId, UUID departmentId, String externalId, Integer page, Integer size,
                               String sort) {
        Page p = Paging.page(page, size);
        PanacheQuery<PersonEntity> query = service.list(q, unitId, departmentId, externalId, p, sort);
        return Response.ok(new PersonPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(OrgMapper::toApi).toList())).build();
    }

    @Override
    public Response createPerson(PersonInput input) {
        PersonEntity person = service.create(input);
        return Etags.created("/api/v1/people/" + person.id, OrgMapper.toApi(person), person.version);
    }

    @Override
    public Response getPerson(UUID personId) {
        PersonEntity person = service.get(personId);
        return Etags.ok(OrgMapper.toApi(person), person.version);
    }

    @Override
    public Response updatePerson(UUID personId, String ifMatch, ObjectNode patch) {
        PersonEntity person = service.update(personId, patch, ifMatch);
        return Etags.ok(OrgMapper.toApi(person), person.version);
    }

    @Override
    public Response deletePerson(UUID personId) {
        service.delete(personId);
        return Response.noContent().build();
    }
}
