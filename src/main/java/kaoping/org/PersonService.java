package kaoping.org;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import kaoping.api.model.PersonInput;
import kaoping.persistence.Db;
import kaoping.persistence.Filter;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;
import kaoping.access.Caller;
import kaoping.web.MergePatch;
import kaoping.web.Paging;

@ApplicationScoped
public class PersonService {
    private static final Map<String, String> SORTS = Map.of("name", "name", "createdAt", "createdAt");
    private final UnitService units;
    private final MergePatch mergePatch;
    private final Caller caller;
    private final Event<PersonMoved> moved;

    public PersonService(UnitService units, MergePatch mergePatch, Caller caller, Event<PersonMoved> moved) {
        this.units = units;
        this.mergePatch = mergePatch;
        this.caller = caller;
        this.moved = moved;
    }

    /** A person the caller may see: a unit's own users see only their unit's people (404 otherwise). */
    public PersonEntity get(UUID id) {
        return PersonEntity.<PersonEntity>findByIdOptional(id)
                .filter(p -> caller.directoryUnit().map(p.unitId::equals).orElse(true))
                .orElseThrow(() -> ApiProblem.notFound("person", id));
    }

    public PanacheQuery<PersonEntity> list(String q, UUID unitId, UUID departmentId, String externalId, Page page,
                                           String sort) {
        Filter filter = new Filter().eq("unitId", caller.directoryUnit().orElse(null)).eq("unitId", unitId)
                .eq("departmentId", departmentId).eq("externalId", externalId)
                .contains(q, "name", "title");
        return PersonEntity.<PersonEntity>find(filter.query(), Paging.sort(sort, "name", SORTS), filter.params())
                .page(page);
    }

    @Transactional
    public PersonEntity create(PersonInput input) {
        PersonEntity person = new PersonEntity();
        save(input, person);
        person.persist();
        Db.flushOrConflict("The externalId " + input.getExternalId() + " already belongs to another person.");
        return person;
    }

    @Transactional
    public PersonEntity update(UUID id, ObjectNode patch, String ifMatch) {
        PersonEntity person = get(id);
        Etags.requireMatch(ifMatch, person.version);
        UUID unitBefore = person.unitId;
        save(mergePatch.apply(OrgMapper.toInput(person), patch, PersonInput.class), person);
        Db.flushOrConflict("The externalId is already used by another person.");
        if (!unitBefore.equals(person.unitId)) {
            moved.fire(new PersonMoved(id, unitBefore, person.unitId));
        }
        return person;
    }

    @Transactional
    public void delete(UUID id) {
        get(id).delete();
        Db.flushOrConflict("The person is still referenced (responsibilities, assessments).");
    }

    private void save(PersonInput input, PersonEntity person) {
        units.requireOrganisation(input.getUnitId(), "unitId");
        if (input.getDepartmentId() != null) {
            UnitEntity department = UnitEntity.findById(input.getDepartmentId());
            if (department == null || UnitService.organisation(department.kind)
                    || !department.rootUnitId.equals(input.getUnitId())) {
                throw ApiProblem.unprocessable("departmentId", "not a department or direct unit of unit " + input.getUnitId());
            }
        }
        OrgMapper.apply(input, person);
    }
}
