package kaoping.sheet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.micrometer.core.annotation.Timed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import kaoping.access.Caller;
import kaoping.api.model.Assignment;
import kaoping.api.model.AssignmentRole;
import kaoping.api.model.ImportCreated;
import kaoping.api.model.ImportLevels;
import kaoping.api.model.ImportReport;
import kaoping.api.model.PersonInput;
import kaoping.api.model.PlanInput;
import kaoping.api.model.Responsibility;
import kaoping.api.model.RowError;
import kaoping.api.model.UnitInput;
import kaoping.api.model.UnitKind;
import kaoping.org.PersonEntity;
import kaoping.org.PersonService;
import kaoping.org.UnitEntity;
import kaoping.org.UnitService;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.web.ApiProblem;

/**
 * The 考评表 in: read, checked as a whole, then the plan with its tree, assignments and any new departments and
 * people created in one transaction (or only reported, in a dry run).
 */
@ApplicationScoped
public class SheetService {
    private final PlanService plans;
    private final UnitService units;
    private final PersonService people;
    private final Caller caller;
    private final ImportLimits limits;

    public SheetService(PlanService plans, UnitService units, PersonService people, Caller caller, Config config) {
        this.plans = plans;
        this.units = units;
        this.people = people;
        this.caller = caller;
        this.limits = ImportLimits.from(config);
    }

    /** POI's zip bounds are process-wide settings: set before any import. */
    void boundPoi(@Observes StartupEvent start) {
        limits.applyToPoi();
    }

    @Timed(value = "kaoping.imports", description = "Imports of a 考评表 (dry runs included)")
    public ImportReport importPlan(FileUpload file, UUID unitId, Integer year, String title, boolean dryRun) {
        List<kaoping.api.model.FieldError> missing = new ArrayList<>();
        if (file == null) {
            missing.add(ApiProblem.field("file", "the .xlsx, .xls or .csv is required"));
        }
        if (unitId == null) {
            missing.add(ApiProblem.field("unitId", "required"));
        }
        if (year == null) {
            missing.add(ApiProblem.field("year", "required"));
        }
        if (!missing.isEmpty()) {
            throw ApiProblem.badRequest(missing);
        }
        caller.requirePlanEditor(unitId);
        UnitEntity unit = units.requireEvaluatedUnit(unitId, "unitId");
        if (file.size() > limits.maxSize()) {
            throw ApiProblem.payloadTooLarge(limits.maxSize());
        }
        PlanEntity existing = PlanEntity.find("unitId = ?1 and year = ?2", unitId, year).firstResult();
        TableParser.Parsed parsed = parse(file, dryRun && existing != null
                ? "the unit already has a plan for " + year + ", " + existing.id + ": the import would be refused (409)" : null);
        if (existing != null && !dryRun) {
            throw ApiProblem.conflict(unit.name + " already has a plan for " + year + ", " + existing.id + ".");
        }
        Map<String, UUID> departments = new HashMap<>();
        UnitEntity.<UnitEntity>list("rootUnitId = ?1 and kind <> ?2", unitId, UnitKind.UNIT)
                .forEach(d -> departments.putIfAbsent(d.name, d.id));
        Map<String, UUID> staff = new HashMap<>();
        PersonEntity.<PersonEntity>list("unitId", unitId).forEach(p -> staff.putIfAbsent(p.name, p.id));
        Set<String> newDepartments = new LinkedHashSet<>();
        Set<String> newPeople = new LinkedHashSet<>();
        int assigned = 0;
        for (List<TableParser.Named> names : parsed.responsible().values()) {
            for (TableParser.Named n : names) {
                assigned++;
                if (n.collective() == null && n.role() == AssignmentRole.DEPARTMENT && !departments.containsKey(n.name())) {
                    newDepartments.add(n.name());
                } else if (n.collective() == null && n.role() != AssignmentRole.DEPARTMENT && !staff.containsKey(n.name())) {
                    newPeople.add(n.name());
                }
            }
        }
        String planTitle = title != null && !title.isBlank() ? title : parsed.title() != null ? parsed.title()
                : year + "年度" + unit.name + "绩效管理目标考评表";
        ImportReport report = new ImportReport().dryRun(dryRun).title(planTitle).unitId(unitId).year(year)
                .levels(new ImportLevels().level1(parsed.roots().size()).level2(parsed.level2()).groups(parsed.groups()))
                .leaves(parsed.leaves()).assignments(assigned).warnings(warnings(parsed, unit))
                .proposals(parsed.proposals()).existingPlanId(existing == null ? null : existing.id);
        if (dryRun) {
            return report.createdPeople(created(newPeople, staff)).createdDepartments(created(newDepartments, departments));
        }
        UUID planId = QuarkusTransaction.requiringNew().call(() -> {
            newDepartments.forEach(name -> departments.put(name, units.create(new UnitInput().name(name)
                    .kind(UnitKind.DEPARTMENT).parentId(unitId)).id));
            newPeople.forEach(name -> staff.put(name, people.create(new PersonInput().name(name).unitId(unitId)).id));
            // the plan is created with who answers for each target, as POST /plans takes it
            parsed.responsible().forEach((leaf, names) -> leaf.setAssignments(names.stream()
                    .map(n -> new Assignment().role(n.role())
                            .responsibility(n.lead() ? Responsibility.LEAD : Responsibility.SUPPORT)
                            .collective(n.collective())
                            .personId(n.collective() == null && n.role() != AssignmentRole.DEPARTMENT ? staff.get(n.name()) : null)
                            .departmentId(n.collective() == null && n.role() == AssignmentRole.DEPARTMENT ? departments.get(n.name()) : null))
                    .toList()));
            return plans.create(new PlanInput().title(planTitle).year(year).unitId(unitId).indicators(parsed.roots())).id;
        });
        return report.planId(planId).createdPeople(created(newPeople, staff))
                .createdDepartments(created(newDepartments, departments));
    }

    /** The names the import creates, each with its new id once created (none in a dry run). */
    private static List<ImportCreated> created(Set<String> names, Map<String, UUID> ids) {
        return names.stream().map(n -> new ImportCreated().name(n).id(ids.get(n))).toList();
    }

    /** What is odd but does not stop the import: a table that names another unit. */
    private static List<RowError> warnings(TableParser.Parsed parsed, UnitEntity unit) {
        Map.Entry<Integer, String> row = parsed.unitRow();
        if (row != null && !row.getValue().replaceAll("\\s", "").contains(unit.name.replaceAll("\\s", ""))) {
            return List.of(new RowError().row(row.getKey()).column("A").message("the table names \"" + row.getValue()
                    + "\", the plan is for " + unit.name));
        }
        return List.of();
    }

    /** The table, or a 422 with its problems, and the existing plan a dry run reports with them (when there is one). */
    private TableParser.Parsed parse(FileUpload file, String existing) {
        try {
            return TableParser.parse(SheetReader.read(file.uploadedFile(), limits));
        } catch (SheetReader.Unreadable e) {
            if (e.notASpreadsheet) {
                throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                        "Not a spreadsheet: " + file.fileName() + " is " + e.getMessage() + ".", null, null);
            }
            throw ApiProblem.unprocessable("file", file.fileName() + ": " + e.getMessage());
        } catch (ImportLimits.Exceeded e) {
            throw new ApiProblem(413, "payload-too-large", "Payload too large", "The table is over the import's limits; "
                    + "nothing was stored.", List.of(ApiProblem.field("file", file.fileName() + ": " + e.getMessage())), null);
        } catch (TableParser.Invalid e) {
            List<RowError> rows = new ArrayList<>(e.rows);
            if (existing != null) {
                rows.add(0, new RowError().row(1).message(existing));
            }
            throw ApiProblem.tableInvalid(capped(rows), rows.size());
        } catch (IOException e) {
            throw new IllegalStateException("the spooled upload could not be read", e);
        }
    }

    /** The first problems of a table, and a last entry counting the others: a table of errors is not sent whole. */
    private List<RowError> capped(List<RowError> rows) {
        if (rows.size() <= limits.maxErrors()) {
            return rows;
        }
        List<RowError> first = new ArrayList<>(rows.subList(0, limits.maxErrors()));
        RowError next = rows.get(limits.maxErrors());
        first.add(new RowError().row(next.getRow()).message("and " + (rows.size() - limits.maxErrors())
                + " more problems from here on (kaoping.import.max-errors)"));
        return first;
    }
}
