package kaoping.sheet;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.security.Authenticated;
import kaoping.web.Idempotency;
import kaoping.api.SheetsApi;
import kaoping.api.model.ImportReport;

/** Imports need the plan's editor (the service checks it); exports are read by any authenticated caller. */
@Authenticated
public class SheetsResource implements SheetsApi {
    private final SheetService imports;
    private final SheetExport exports;
    private final Idempotency idempotency;

    public SheetsResource(SheetService imports, SheetExport exports, Idempotency idempotency) {
        this.imports = imports;
        this.exports = exports;
        this.idempotency = idempotency;
    }

    @Override
    public Response importPlan(FileUpload file, UUID unitId, Integer year, String idempotencyKey, String title,
                               Boolean dryRun) {
        return idempotency.run(idempotencyKey, "importPlan", List.of(String.valueOf(unitId), String.valueOf(year),
                String.valueOf(title), String.valueOf(dryRun), Idempotency.describe(file)), () -> {
            ImportReport report = imports.importPlan(file, unitId, year, title, Boolean.TRUE.equals(dryRun));
            return report.getPlanId() == null ? Response.ok(report).build()
                    : Response.created(URI.create("/api/v1/plans/" + report.getPlanId())).entity(report).build();
        });
    }

    @Override
    public Response exportPlan(UUID planId, String format) {
        return exports.export(planId, format == null ? "xlsx" : format);
    }
}
