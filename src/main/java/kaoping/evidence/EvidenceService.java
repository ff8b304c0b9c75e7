package kaoping.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.access.Caller;
import kaoping.access.Roles;
import kaoping.api.model.EvidenceCategory;
import kaoping.api.model.EvidenceReview;
import kaoping.api.model.FieldError;
import kaoping.api.model.ReviewStatus;
import kaoping.indicator.IndicatorService;
import kaoping.persistence.Db;
import kaoping.persistence.Filter;
import kaoping.persistence.Occurrence;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.responsibility.TargetReporters;
import kaoping.web.ApiProblem;
import kaoping.web.Clocks;
import kaoping.web.Etags;

/**
 * Evidence files. An upload is checked, hashed and typed from the spooled file, forced to disk, kept in the blob
 * store, and only then recorded, in its own short transaction: a failure before the record commits leaves at most a
 * blob no record points to, which the sweep removes; never a record without its bytes.
 */
@ApplicationScoped
public class EvidenceService {
    private static final Logger LOG = Logger.getLogger(EvidenceService.class);
    private final PlanService plans;
    private final IndicatorService indicators;
    private final BlobStore blobs;
    private final Caller caller;
    private final TargetReporters reporters;
    @Inject
    Event<Occurrence> occurred;

    public EvidenceService(PlanService plans, IndicatorService indicators, BlobStore blobs, Caller caller,
                           TargetReporters reporters) {
        this.plans = plans;
        this.indicators = indicators;
        this.blobs = blobs;
        this.caller = caller;
        this.reporters = reporters;
    }

    /** What the uploader says about the file, beside its bytes. */
    public record Meta(String filename, String reprDigest, String title, EvidenceCategory category, String description,
                       String period, UUID replaces) {
    }

    /**
     * An upload, raw or multipart: {@link EvidenceIntake} wrote the body (or its file part) to the uploads directory
     * and hashed it as it arrived.
     */
    @Timed(value = "kaoping.evidence.uploads", longTask = true, description = "Uploads being stored")
    EvidenceEntity upload(UUID planId, UUID indicatorId, EvidenceIntake.Spool body, Meta meta) {
        return keep(planId, indicatorId, body.file, body.size, body.sha256, meta);
    }

    /**
     * Whether the caller may add a file to the target now: it exists, the caller reports on it, the plan takes
     * evidence. Asked before the body is read ({@link EvidenceIntake}) and again when the file is recorded.
     */
    void admit(UUID planId, UUID indicatorId) {
        PlanEntity plan = plans.get(planId);
        indicators.leaf(planId, indicatorId);
        reporters.require(plan, indicatorId);
        PlanService.requireStatus(plan, "Uploading evidence", PlanService.REPORTING);
    }

    /** Checks the received file, forces it to disk, keeps it in the store, then records it in its own transaction. */
    private EvidenceEntity keep(UUID planId, UUID indicatorId, Path file, long size, byte[] sha256, Meta meta) {
        String filename = Filenames.clean(meta.filename());
        checkDigest(meta.reprDigest(), sha256);
        String contentType = detect(file, filename);
        String hex = HexFormat.of().formatHex(sha256);
        force(file);
        try {
            blobs.put(hex, file);
        } catch (BlobStore.Unavailable e) {
            throw storeUnavailable(e, "nothing was kept");
        } catch (IOException e) {
            throw new IllegalStateException("the upload could not be kept", e);
        }
        EvidenceEntity recorded = QuarkusTransaction.requiringNew().call(() -> record(planId, indicatorId, meta, filename,
                size, contentType, hex));
        Metrics.counter("kaoping.evidence.stored.bytes").increment(size);
        return recorded;
    }

    private static ApiProblem storeUnavailable(BlobStore.Unavailable e, String consequence) {
        return unavailable("store-unavailable", "Evidence store unavailable", "The evidence store does not answer; "
                + consequence + ".", e);
    }

    /** 503: the operator sees why in the log (the store's answer, a full disk), the client only that it should retry. */
    static ApiProblem unavailable(String type, String title, String detail, Throwable why) {
        LOG.warn(title + ": " + why);
        return new ApiProblem(503, type, title, detail + " Try again later.", null, null).withHeader("Retry-After", "30");
    }

    private EvidenceEntity record(UUID planId, UUID indicatorId, Meta upload, String filename, long size,
                                  String contentType, String sha256) {
        admit(planId, indicatorId); // the plan may have moved on while the body arrived
        if (upload.replaces() != null) {
            checkReplaces(indicatorId, upload.replaces());
        }
        EvidenceEntity e = new EvidenceEntity();
        e.planId = planId;
        e.indicatorId = indicatorId;
        e.filename = filename;
        e.size = size;
        e.contentType = contentType;
        e.sha256 = sha256;
        e.category = upload.category() == null ? ContentTypes.category(contentType) : upload.category();
        e.title = upload.title();
        e.description = upload.description();
        e.period = upload.period();
        e.replaces = upload.replaces();
        e.uploadedBy = caller.actor();
        e.reviewStatus = ReviewStatus.PENDING;
        e.persist();
        publish("uploaded", e);
        return e;
    }

    private static void checkReplaces(UUID indicatorId, UUID replaces) {
        EvidenceEntity returned = EvidenceEntity.findById(replaces);
        if (returned == null || !returned.indicatorId.equals(indicatorId) || returned.deletedAt != null
                || returned.reviewStatus != ReviewStatus.RETURNED) {
            throw ApiProblem.unprocessable("replaces", "not a RETURNED file of this target");
        }
    }

    /** Forces a spooled file's bytes to disk. */
    private static void force(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("the upload could not be written to disk", e);
        }
    }

    /** RFC 9530 Repr-Digest: a dictionary; only its sha-256 member is checked, other algorithms are ignored. */
    private static void checkDigest(String header, byte[] sha256) {
        if (header == null) {
            return;
        }
        for (String member : header.split(",")) {
            String[] kv = member.strip().split("=", 2);
            if (kv.length == 2 && kv[0].strip().equals("sha-256")) {
                String value = kv[1].strip();
                byte[] given;
                try {
                    given = value.length() > 2 && value.startsWith(":") && value.endsWith(":")
                            ? Base64.getDecoder().decode(value.substring(1, value.length() - 1)) : null;
                } catch (IllegalArgumentException notBase64) {
                    given = null;
                }
                if (given == null) {
                    throw ApiProblem.badRequest("Repr-Digest", "sha-256 is written :<base64>: (RFC 9530)");
                }
                if (!MessageDigest.isEqual(given, sha256)) {
                    throw ApiProblem.badRequest("Repr-Digest", "the file's SHA-256 is :"
                            + Base64.getEncoder().encodeToString(sha256) + ":, not " + value + "; it was not kept");
                }
            }
        }
    }

    private static String detect(Path file, String filename) {
        try {
            return ContentTypes.detect(file, filename).orElseThrow(() -> new ApiProblem(415, "unsupported-media-type",
                    "Unsupported media type", "The file's content is not one of the allowed kinds (PDF, OFD, images, "
                    + "audio, video, Office and WPS documents, plain text, ZIP), whatever its name says.", null, null));
        } catch (IOException e) {
            throw new IllegalStateException("the spooled upload could not be read", e);
        }
    }

    public EvidenceEntity get(UUID id) {
        EvidenceEntity e = EvidenceEntity.<EvidenceEntity>findByIdOptional(id)
                .orElseThrow(() -> ApiProblem.notFound("evidence", id));
        requireReader(e.planId);
        return e;
    }

    /** 404 unless the caller sees the plan (Caller.sees). */
    public void requireReader(UUID planId) {
        plans.get(planId);
    }

    public PanacheQuery<EvidenceEntity> list(UUID planId, UUID indicatorId, EvidenceCategory category,
                                             ReviewStatus status, String uploadedBy, Boolean deleted, Page page) {
        requireReader(planId);
        Filter filter = new Filter().eq("planId", planId).eq("indicatorId", indicatorId).eq("category", category)
                .eq("reviewStatus", status).eq("uploadedBy.credential", uploadedBy);
        String query = filter.query() + (Boolean.TRUE.equals(deleted) ? "" : " and deletedAt is null");
        return EvidenceEntity.<EvidenceEntity>find(query, Sort.descending("createdAt").and("id"), filter.params()).page(page);
    }

    /** Whether the indicator exists in the plan; lists of an unknown one are 404, not empty. */
    /** A field error for each id that is no file of this plan (or one withdrawn), named {@code field[i]}. */
    public static List<FieldError> notOfPlan(UUID planId, Collection<UUID> given, String field) {
        List<UUID> ids = List.copyOf(given); // in the order sent (a set from JSON keeps it), for the field paths
        Set<UUID> found = ids.isEmpty() ? Set.of() : EvidenceEntity.<EvidenceEntity>stream(
                "id in ?1 and planId = ?2 and deletedAt is null", ids, planId).map(e -> e.id).collect(Collectors.toSet());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!found.contains(ids.get(i))) {
                errors.add(ApiProblem.field(field + "[" + i + "]", "no evidence " + ids.get(i) + " of this plan"));
            }
        }
        return errors;
    }

    public void requireIndicator(UUID planId, UUID indicatorId) {
        indicators.leaf(planId, indicatorId);
    }

    @Transactional
    public EvidenceEntity review(UUID id, EvidenceReview review, String ifMatch) {
        EvidenceEntity e = get(id);
        if (!caller.has(Roles.EVALUATOR) && !caller.assesses(e.planId)) {
            throw ApiProblem.forbidden("Evidence is reviewed by an EVALUATOR or an assessor of the plan.");
        }
        Etags.requireMatch(ifMatch, e.version);
        PlanService.requireStatus(plans.get(e.planId), "Reviewing evidence", PlanService.REPORTING);
        if (e.deletedAt != null) {
            throw ApiProblem.conflict("The file was withdrawn by its uploader.");
        }
        boolean returned = review.getDecision() == EvidenceReview.DecisionEnum.RETURNED;
        if (returned && (review.getReason() == null || review.getReason().isBlank())) {
            throw ApiProblem.unprocessable("reason", "a returned file needs the reason (退回原因)");
        }
        e.reviewStatus = returned ? ReviewStatus.RETURNED : ReviewStatus.ACCEPTED;
        e.reviewReason = review.getReason();
        e.reviewedBy = caller.actor();
        e.reviewedAt = OffsetDateTime.now(Clocks.current());
        publish(returned ? "returned" : "accepted", e);
        return e;
    }

    /** An event for other systems, in the transaction of the change (the version is the one it is written with). */
    private void publish(String what, EvidenceEntity e) {
        Db.flush();
        Map<String, Object> data = new HashMap<>(Map.of("indicatorId", e.indicatorId, "filename", e.filename,
                "status", e.reviewStatus.toString()));
        if (e.reviewReason != null) {
            data.put("reason", e.reviewReason);
        }
        occurred.fire(new Occurrence("kaoping.evidence." + what, PlanEntity.<PlanEntity>findById(e.planId).unitId,
                e.planId, "evidence/" + e.id, e.version, data));
    }

    /** A soft delete by the uploader; the record and the bytes stay for the audit trail. */
    @Transactional
    public void delete(UUID id) {
        EvidenceEntity e = get(id);
        if (!e.uploadedBy.credential().equals(caller.name())) {
            throw ApiProblem.forbidden("Only the uploader withdraws a file.");
        }
        PlanService.requireStatus(plans.get(e.planId), "Withdrawing evidence", PlanService.OPEN);
        if (e.reviewStatus == ReviewStatus.ACCEPTED) {
            throw ApiProblem.conflict("An accepted file is part of the assessment; it cannot be withdrawn.");
        }
        if (e.deletedAt == null) {
            e.deletedAt = OffsetDateTime.now(Clocks.current());
        }
    }

    public InputStream open(EvidenceEntity e, long offset, long length) {
        try {
            return blobs.open(e.sha256, offset, length);
        } catch (BlobStore.Unavailable io) {
            throw storeUnavailable(io, "the file cannot be read now");
        } catch (IOException io) {
            throw new IllegalStateException("the bytes of evidence " + e.id + " cannot be read", io);
        }
    }

    /** A leaf's files (withdrawn ones left out) by review, and the returned ones no later file replaces yet. */
    public record Counts(int files, int accepted, int returned, int toReplace) {
        static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    /** The counts of every leaf with files, by leaf id: one query for the plan. */
    public Map<UUID, Counts> counts(UUID planId) {
        Map<UUID, Counts> counts = new HashMap<>();
        List<Object[]> rows = EvidenceEntity.getEntityManager().createQuery("select e.indicatorId, count(e), "
                + "sum(case when e.reviewStatus = :accepted then 1 else 0 end), "
                + "sum(case when e.reviewStatus = :returned then 1 else 0 end), "
                + "sum(case when e.reviewStatus = :returned and not exists (select r.id from EvidenceEntity r "
                + "where r.replaces = e.id and r.deletedAt is null) then 1 else 0 end) from EvidenceEntity e "
                + "where e.planId = :plan and e.deletedAt is null group by e.indicatorId", Object[].class)
                .setParameter("accepted", ReviewStatus.ACCEPTED).setParameter("returned", ReviewStatus.RETURNED)
                .setParameter("plan", planId).getResultList();
        rows.forEach(r -> counts.put((UUID) r[0], new Counts(((Long) r[1]).intValue(), ((Long) r[2]).intValue(),
                ((Long) r[3]).intValue(), ((Long) r[4]).intValue())));
        return counts;
    }
}
