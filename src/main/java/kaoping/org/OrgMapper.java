package kaoping.org;

import kaoping.api.model.Person;
import kaoping.api.model.PersonInput;
import kaoping.api.model.Unit;
import kaoping.api.model.UnitInput;

final class OrgMapper {
    private OrgMapper() {
    }

    static Unit toApi(UnitEntity e) {
        return new Unit().id(e.id).name(e.name).code(e.code).kind(e.kind).parentId(e.parentId).rootUnitId(e.rootUnitId)
                .series(e.series).version(e.version).createdAt(e.createdAt).updatedAt(e.updatedAt);
    }

    static UnitInput toInput(UnitEntity e) {
        return new UnitInput().name(e.name).code(e.code).kind(e.kind).parentId(e.parentId).series(e.series);
    }

    static void apply(UnitInput in, UnitEntity e) {
        e.name = in.getName();
        e.code = in.getCode();
        e.kind = in.getKind();
        e.parentId = in.getParentId();
        e.series = in.getSeries();
    }

    static Person toApi(PersonEntity e) {
        return new Person().id(e.id).name(e.name).title(e.title).unitId(e.unitId).departmentId(e.departmentId)
                .externalId(e.externalId).disabled(e.disabled).version(e.version).createdAt(e.createdAt).updatedAt(e.updatedAt);
    }

    static PersonInput toInput(PersonEntity e) {
        return new PersonInput().name(e.name).title(e.title).unitId(e.unitId).departmentId(e.departmentId)
                .externalId(e.externalId).disabled(e.disabled);
    }

    static void apply(PersonInput in, PersonEntity e) {
        e.name = in.getName();
        e.title = in.getTitle();
        e.unitId = in.getUnitId();
        e.departmentId = in.getDepartmentId();
        e.externalId = in.getExternalId();
        e.disabled = Boolean.TRUE.equals(in.getDisabled());
    }
}
