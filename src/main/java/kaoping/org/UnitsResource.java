package kaoping.org;

import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.UnitsApi;
import kaoping.api.model.UnitInput;
import kaoping.api.model.UnitKind;
import kaoping.api.model.UnitPage;
import kaoping.web.Etags;
import kaoping.web.Paging;

@Authenticated
public class UnitsResource implements UnitsApi {
    private final UnitService service;

    public UnitsResource(UnitService service) {
        this.service = service;
    }

    @Override
    public Response listUnits(String q, UnitKind kind, UUID parentId, String series, Integer page, Integer size,
                              String sort) {
        Page p = Paging.page(page, size);
        PanacheQuery<UnitEntity> query = service.list(q, kind, parentId, series, p, sort);
        return Response.ok(new UnitPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(OrgMapper::toApi).toList())).build();
    }

    @Override
    public Response createUnit(UnitInput input) {
        UnitEntity unit = service.create(input);
        return Etags.created("/api/v1/units/" + unit.id, OrgMapper.toApi(unit), unit.version);
    }

    @Override
    public Response getUnit(UUID unitId) {
        UnitEntity unit = service.get(unitId);
        return Etags.ok(OrgMapper.toApi(unit), unit.version);
    }

    @Override
    public Response updateUnit(UUID unitId, String ifMatch, ObjectNode patch) {
        UnitEntity unit = service.update(unitId, patch, ifMatch);
        return Etags.ok(OrgMapper.toApi(unit), unit.version);
    }

    @Override
    public Response deleteUnit(UUID unitId) {
        service.delete(unitId);
        return Response.noContent().build();
    }
}
