package kaoping.org;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.api.model.UnitInput;
import kaoping.api.model.UnitKind;
import kaoping.persistence.Db;
import kaoping.persistence.Filter;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;
import kaoping.access.Caller;
import kaoping.web.MergePatch;
import kaoping.web.Paging;

@ApplicationScoped
public class UnitService {
    private static final Set<UnitKind> ORGANISATIONS = Set.of(UnitKind.UNIT, UnitKind.EVALUATING_BODY);
    private static final Map<String, String> SORTS = Map.of("name", "name", "code", "code", "createdAt", "createdAt");
    private final MergePatch mergePatch;
    private final Caller caller;

    public UnitService(MergePatch mergePatch, Caller caller) {
        this.mergePatch = mergePatch;
        this.caller = caller;
    }

    /** A unit the caller may see: a unit's own users see only their unit and its departments (404 otherwise). */
    public UnitEntity get(UUID id) {
        return UnitEntity.<UnitEntity>findByIdOptional(id)
                .filter(u -> caller.directoryUnit().map(u.rootUnitId::equals).orElse(true))
                .orElseThrow(() -> ApiProblem.notFound("unit", id));
    }

    /** An evaluated unit (kind UNIT) referenced from a request body; a wrong reference is the body's fault: 422. */
    public UnitEntity requireEvaluatedUnit(UUID id, String field) {
        return requireOrganisation(id, field, Set.of(UnitKind.UNIT));
    }

    /** The organisation people and keys belong to: an evaluated unit or the evaluating body (422 otherwise). */
    public UnitEntity requireOrganisation(UUID id, String field) {
        return requireOrganisation(id, field, ORGANISATIONS);
    }

    private static UnitEntity requireOrganisation(UUID id, String field, Set<UnitKind> kinds) {
        UnitEntity unit = UnitEntity.findById(id);
        if (unit == null) {
            throw ApiProblem.unprocessable(field, "no unit " + id);
        }
        if (!kinds.contains(unit.kind)) {
            throw ApiProblem.unprocessable(field, unit.name + " is a " + unit.kind + ", not one of " + kinds);
        }
        return unit;
    }

    /** Whether a kind is the top of a tree (no parent, its own root): an evaluated unit or the evaluating body. */
    public static boolean organisation(UnitKind kind) {
        return ORGANISATIONS.contains(kind);
    }

    public PanacheQuery<UnitEntity> list(String q, UnitKind kind, UUID parentId, String series, Page page, String sort) {
        Filter filter = new Filter().eq("rootUnitId", caller.directoryUnit().orElse(null)).eq("kind", kind)
                .eq("parentId", parentId).eq("series", series)
                .contains(q, "name", "code");
        if (kind == null) { // the evaluated units' directory, unless the evaluating body's is asked for by kind
            filter.where("rootUnitId not in (select b.id from UnitEntity b where b.kind = :body)", "body",
                    UnitKind.EVALUATING_BODY);
        }
        Sort order = Paging.sort(sort, "name", SORTS);
        return UnitEntity.<UnitEntity>find(filter.query(), order, filter.params()).page(page);
    }

    @Transactional
    public UnitEntity create(UnitInput input) {
        UnitEntity unit = new UnitEntity();
        unit.id = UUID.randomUUID();
        UnitEntity parent = parentFor(input, null);
        unit.rootUnitId = parent == null ? unit.id : parent.rootUnitId;
        OrgMapper.apply(input, unit);
        unit.persist();
        Db.flushOrConflict("The code " + input.getCode() + " is already taken by another unit.");
        return unit;
    }

    @Transactional
    public UnitEntity update(UUID id, ObjectNode patch, String ifMatch) {
        UnitEntity unit = get(id);
        Etags.requireMatch(ifMatch, unit.version);
        UnitInput input = mergePatch.apply(OrgMapper.toInput(unit), patch, UnitInput.class);
        if ((organisation(input.getKind()) || organisation(unit.kind)) && input.getKind() != unit.kind) {
            throw ApiProblem.unprocessable("kind", "a UNIT or EVALUATING_BODY keeps its kind, and a department cannot become one");
        }
        if (!organisation(unit.kind) && !parentFor(input, unit).rootUnitId.equals(unit.rootUnitId)) {
            throw ApiProblem.unprocessable("parentId", "a department can only move inside its own unit");
        }
        OrgMapper.apply(input, unit);
        Db.flushOrConflict("The code " + input.getCode() + " is already taken by another unit.");
        return unit;
    }

    @Transactional
    public void delete(UUID id) {
        get(id).delete();
        Db.flushOrConflict("The unit is still in use by departments, people, plans or API keys.");
    }

    /** The parent a department's input names; {@code moving} is the department itself when it already exists. */
    private UnitEntity parentFor(UnitInput input, UnitEntity moving) {
        if (organisation(input.getKind())) {
            if (input.getParentId() != null) {
                throw ApiProblem.unprocessable("parentId", "a " + input.getKind() + " has no parent");
            }
            return null;
        }
        if (input.getParentId() == null) {
            throw ApiProblem.unprocessable("parentId", "a " + input.getKind() + " needs the unit or department it belongs to");
        }
        UnitEntity parent = UnitEntity.findById(input.getParentId());
        if (parent == null) {
            throw ApiProblem.unprocessable("parentId", "no unit " + input.getParentId());
        }
        for (UnitEntity up = parent; moving != null && up != null; up = up.parentId == null ? null : UnitEntity.findById(up.parentId)) {
            if (up.id.equals(moving.id)) {
                throw ApiProblem.unprocessable("parentId", "a department cannot move under itself");
            }
        }
        return parent;
    }
}
