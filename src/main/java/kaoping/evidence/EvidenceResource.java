package kaoping.evidence;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.EvidenceApi;
import kaoping.api.model.EvidenceCategory;
import kaoping.api.model.EvidencePage;
import kaoping.api.model.EvidenceReview;
import kaoping.api.model.EvidenceSummary;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.LeafEvidence;
import kaoping.api.model.ReviewStatus;
import kaoping.indicator.IndicatorService;
import kaoping.web.ApiProblem;
import kaoping.web.Downloads;
import kaoping.plan.PlanReads;
import kaoping.web.Etags;
import kaoping.web.Idempotency;
import kaoping.web.Paging;

/** Uploads, lists, review and downloads; who may do what depends on the plan, so the service decides. */
@Authenticated
public class EvidenceResource implements EvidenceApi {
    /** One range of RFC 9110: "bytes=first-last", "bytes=first-" or "bytes=-suffix". */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    /** Positions with more digits do not fit a long (and no file is that large). */
    private static final int MAX_DIGITS = 18;
    private final EvidenceService service;
    private final IndicatorService indicators;
    private final Idempotency idempotency;
    private final EvidenceIntake.Received received;
    private final PlanReads reads;

    public EvidenceResource(EvidenceService service, IndicatorService indicators, Idempotency idempotency,
                            EvidenceIntake.Received received, PlanReads reads) {
        this.reads = reads;
        this.service = service;
        this.indicators = indicators;
        this.idempotency = idempotency;
        this.received = received;
    }

    /** As a raw body, with {@code file} the part {@link EvidenceIntake} spooled (never null: it answers 400 first). */
    @Override
    public Response uploadEvidence(UUID planId, UUID indicatorId, FileUpload file, String idempotencyKey,
                                   String reprDigest, String title, EvidenceCategory category, String description,
                                   String period, UUID replaces) {
        EvidenceService.Meta meta = new EvidenceService.Meta(file.fileName(), reprDigest, title,
                category, description, period, replaces);
        return idempotency.run(idempotencyKey, "uploadEvidence", List.of(planId, indicatorId, meta, Idempotency.describe(file)),
                () -> created(service.upload(planId, indicatorId, received.spool, meta)));
    }

    /** The body was received by {@link EvidenceIntake} before this runs; {@code body} is what is left of it: nothing. */
    @Override
    public Response streamEvidence(UUID planId, UUID indicatorId, String filename, InputStream body, String idempotencyKey,
                                   String title, EvidenceCategory category, String description, String period,
                                   UUID replaces, String reprDigest) {
        EvidenceService.Meta meta = new EvidenceService.Meta(filename, reprDigest, title, category, description, period, replaces);
        return idempotency.run(idempotencyKey, "streamEvidence", List.of(planId, indicatorId, meta,
                Idempotency.announcedLength()),
                () -> created(service.upload(planId, indicatorId, received.spool, meta)));
    }

    private static Response created(EvidenceEntity e) {
        return Etags.created("/api/v1/evidence/" + e.id, EvidenceMapper.toApi(e), e.version);
    }

    @Override
    public Response listIndicatorEvidence(UUID planId, UUID indicatorId, EvidenceCategory category,
                                          ReviewStatus status, String uploadedBy, Boolean deleted, Integer page,
                                          Integer size) {
        service.requireIndicator(planId, indicatorId);
        return Response.ok(list(planId, indicatorId, category, status, uploadedBy, deleted, page, size)).build();
    }

    @Override
    public Response listPlanEvidence(UUID planId, String ifNoneMatch, UUID indicatorId, EvidenceCategory category,
                                     ReviewStatus status, String uploadedBy, Boolean deleted, Integer page,
                                     Integer size) {
        return reads.read(planId, ifNoneMatch, () -> PlanReads.Answer.of(
                list(planId, indicatorId, category, status, uploadedBy, deleted, page, size)));
    }

    private EvidencePage list(UUID planId, UUID indicatorId, EvidenceCategory category, ReviewStatus status,
                              String uploadedBy, Boolean deleted, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<EvidenceEntity> query = service.list(planId, indicatorId, category, status, uploadedBy, deleted, p);
        return new EvidencePage().page(p.index).size(p.size).total(query.count())
                .items(EvidenceMapper.toApi(query.list()));
    }

    @Override
    public Response getEvidenceSummary(UUID planId) {
        service.requireReader(planId);
        Map<UUID, EvidenceService.Counts> counts = service.counts(planId);
        List<LeafEvidence> leaves = new ArrayList<>();
        collect(indicators.trees(List.of(planId)).get(planId), counts, leaves);
        List<UUID> without = leaves.stream().filter(l -> l.getFiles() == 0).map(LeafEvidence::getIndicatorId).toList();
        return Response.ok(new EvidenceSummary().planId(planId).leafCount(leaves.size())
                .leavesWithEvidence(leaves.size() - without.size()).leaves(leaves).withoutEvidence(without)).build();
    }

    private static void collect(List<IndicatorNode> nodes, Map<UUID, EvidenceService.Counts> counts, List<LeafEvidence> leaves) {
        for (IndicatorNode n : nodes) {
            if (n.getChildren() != null && !n.getChildren().isEmpty()) {
                collect(n.getChildren(), counts, leaves);
            } else {
                EvidenceService.Counts c = counts.getOrDefault(n.getId(), EvidenceService.Counts.NONE);
                leaves.add(new LeafEvidence().indicatorId(n.getId()).code(n.getCode()).name(n.getName())
                        .files(c.files()).pending(c.files() - c.accepted() - c.returned()).accepted(c.accepted())
                        .returned(c.returned()).toReplace(c.toReplace()));
            }
        }
    }

    @Override
    public Response getEvidence(UUID evidenceId) {
        EvidenceEntity e = service.get(evidenceId);
        return Etags.ok(EvidenceMapper.one(e), e.version);
    }

    @Override
    public Response reviewEvidence(UUID evidenceId, String ifMatch, EvidenceReview review) {
        EvidenceEntity e = service.review(evidenceId, review, ifMatch);
        return Etags.ok(EvidenceMapper.one(e), e.version);
    }

    @Override
    public Response deleteEvidence(UUID evidenceId) {
        service.delete(evidenceId);
        return Response.noContent().build();
    }

    @Override
    public Response headEvidence(UUID evidenceId) {
        EvidenceEntity e = service.get(evidenceId);
        return content(e, Response.ok()).header(HttpHeaders.CONTENT_LENGTH, e.size).build();
    }

    @Override
    public Response downloadEvidence(UUID evidenceId, String range, String ifNoneMatch) {
        EvidenceEntity e = service.get(evidenceId);
        String etag = "\"" + e.sha256 + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || List.of(ifNoneMatch.split(",")).stream()
                .map(String::strip).anyMatch(t -> t.equals(etag) || t.equals("W/" + etag)))) {
            return Response.notModified().header(Etags.HEADER, etag).build();
        }
        Matcher m = range == null ? null : RANGE.matcher(range.strip());
        if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            // no range, or one this server does not serve (several ranges, another unit): the whole file (RFC 9110 14.2)
            return content(e, Response.ok(service.open(e, 0, e.size))).header(HttpHeaders.CONTENT_LENGTH, e.size).build();
        }
        if (m.group(1).length() > MAX_DIGITS || m.group(2).length() > MAX_DIGITS) {
            throw unsatisfiable(e); // beyond a long, so beyond any file
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, e.size - suffix);
            last = e.size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? e.size - 1 : Math.min(Long.parseLong(m.group(2)), e.size - 1);
        }
        if (first >= e.size || first > last) {
            throw unsatisfiable(e);
        }
        long length = last - first + 1;
        return content(e, Response.status(206).entity(service.open(e, first, length)))
                .header("Content-Range", "bytes " + first + "-" + last + "/" + e.size)
                .header(HttpHeaders.CONTENT_LENGTH, length).build();
    }

    private static ApiProblem unsatisfiable(EvidenceEntity e) {
        return new ApiProblem(416, "range-not-satisfiable", "Range not satisfiable", "The file has " + e.size + " bytes.",
                null, null).withHeader("Content-Range", "bytes */" + e.size);
    }

    private static Response.ResponseBuilder content(EvidenceEntity e, Response.ResponseBuilder response) {
        return response.type(e.contentType).header(Etags.HEADER, "\"" + e.sha256 + "\"").header("Accept-Ranges", "bytes")
                .header("Content-Disposition", Downloads.attachment(e.filename))
                .header("X-Content-Type-Options", "nosniff");
    }
}
