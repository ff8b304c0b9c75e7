package kaoping.reporting;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import kaoping.web.Clocks;
import kaoping.access.Actor;
import kaoping.access.Caller;
import kaoping.api.model.ReminderInput;
import kaoping.indicator.IndicatorService;
import kaoping.org.PersonEntity;
import kaoping.persistence.Occurrence;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.web.ApiProblem;

/**
 * Reminders (催办) to the persons responsible for a target not yet reported and to the unit's coordinators: by rules
 * relative to the due date (a job), or now by an EVALUATOR. Each is also an event of the feed and webhooks, written in
 * the same transaction.
 */
@ApplicationScoped
public class Reminders {
    private static final Logger LOG = Logger.getLogger(Reminders.class);
    private static final Pattern RULE = Pattern.compile("D([+-]\\d{1,3})");
    static final String MANUAL = "MANUAL";

    private final PlanService plans;
    private final IndicatorService indicators;
    private final Periods periods;
    private final Caller caller;
    private final Event<Occurrence> occurred;
    private final Clock clock;
    /** Days relative to the due date, by rule name (D-7 …), in date order. */
    private final TreeMap<Integer, String> rules = new TreeMap<>();
    private final int dailyLimit;
    private final Duration manualInterval;

    public Reminders(PlanService plans, IndicatorService indicators, Periods periods, Caller caller,
                     Event<Occurrence> occurred, Clock clock,
                     @ConfigProperty(name = "kaoping.reminders.rules") List<String> rules,
                     @ConfigProperty(name = "kaoping.reminders.daily-limit") int dailyLimit,
                     @ConfigProperty(name = "kaoping.reminders.manual-interval") Duration manualInterval) {
        this.plans = plans;
        this.indicators = indicators;
        this.periods = periods;
        this.caller = caller;
        this.occurred = occurred;
        this.clock = clock;
        for (String rule : rules) {
            Matcher m = RULE.matcher(rule.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("kaoping.reminders.rules: " + rule + " is not like D-7 or D+1");
            }
            this.rules.put(Integer.parseInt(m.group(1)), rule.trim());
        }
        this.dailyLimit = dailyLimit;
        this.manualInterval = manualInterval;
    }

    @Scheduled(every = "${kaoping.reminders.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        remindDue(clock);
    }

    /**
     * Sends what the rules ask for today (Asia/Shanghai) about every target of a reporting plan not yet reported in a
     * period that is not locked: for each period only its latest rule already reached, so a missed run catches up
     * once instead of sending every earlier rule at once. A rule goes to a person about a target once, however often
     * this runs (a unique key). Returns how many reminders were made.
     */
    @Transactional
    public int remindDue(Clock at) {
        if (rules.isEmpty()) {
            return 0;
        }
        LocalDate today = Clocks.today(at);
        @SuppressWarnings("unchecked")
        List<Object[]> items = Panache.getEntityManager().createNativeQuery("""
                select p.id, i.id, p.due_on from reporting_periods p
                  join plans pl on pl.id = p.plan_id
                  join indicators i on i.plan_id = p.plan_id
                 where pl.status in ?1 and p.due_on + ?2 <= ?3 and ?3 <= p.locks_on
                   and not exists (select 1 from indicators c where c.parent_id = i.id)
                   and not exists (select 1 from progress_reports r where r.period_id = p.id and r.indicator_id = i.id)
                 order by p.due_on, p.id, i.code, i.id""")
                .setParameter(1, Arrays.stream(PlanService.REPORTING).map(Enum::name).toList())
                .setParameter(2, rules.firstKey()).setParameter(3, today).getResultList();
        int made = 0;
        for (Object[] item : items) {
            LocalDate due = (LocalDate) item[2];
            String rule = rules.floorEntry((int) ChronoUnit.DAYS.between(due, today)).getValue();
            made += remind(PeriodEntity.findById(item[0]), (UUID) item[1], rule, null, Actor.SYSTEM, at).size();
        }
        return made;
    }

    /** An EVALUATOR's reminder now, about one target or every target of the period not yet reported. */
    @Transactional
    public List<ReminderEntity> remindNow(UUID planId, UUID periodId, ReminderInput input) {
        PeriodEntity period = periods.get(planId, periodId);
        // two EVALUATORs at once: the second waits here and then sees the first one's reminder
        Panache.getEntityManager().lock(period, LockModeType.PESSIMISTIC_WRITE);
        List<UUID> targets;
        if (input.getIndicatorId() != null) {
            indicators.leaf(planId, input.getIndicatorId());
            targets = List.of(input.getIndicatorId());
        } else {
            targets = unreported(period);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        ReminderEntity last = ReminderEntity.<ReminderEntity>find("periodId = ?1 and indicatorId in ?2 and rule = ?3",
                Sort.descending("createdAt"), periodId, targets.isEmpty() ? List.of(new UUID(0, 0)) : targets, MANUAL).firstResult();
        if (last != null && last.createdAt.plus(manualInterval).isAfter(now)) {
            Duration wait = Duration.between(now, last.createdAt.plus(manualInterval));
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ApiProblem(429, "too-many-requests", "Too many requests", "This target was reminded at "
                    + last.createdAt.atZoneSameInstant(Clocks.OFFICES).toOffsetDateTime() + "; remind it again in "
                    + seconds + " s.", null, null).withHeader("Retry-After", Long.toString(seconds));
        }
        List<ReminderEntity> made = new ArrayList<>();
        for (UUID target : targets) {
            if (reported(periodId, target)) {
                continue; // done: nobody is chased for it
            }
            made.addAll(remind(period, target, MANUAL, input.getNote(), caller.actor(), clock));
        }
        return made;
    }

    private static boolean reported(UUID periodId, UUID indicatorId) {
        return ((Number) Panache.getEntityManager().createNativeQuery(
                "select count(*) from progress_reports where period_id = ?1 and indicator_id = ?2")
                .setParameter(1, periodId).setParameter(2, indicatorId).getSingleResult()).longValue() > 0;
    }

    @SuppressWarnings("unchecked")
    private static List<UUID> unreported(PeriodEntity period) {
        return Panache.getEntityManager().createNativeQuery("""
                select i.id from indicators i where i.plan_id = ?1
                   and not exists (select 1 from indicators c where c.parent_id = i.id)
                   and not exists (select 1 from progress_reports r where r.period_id = ?2 and r.indicator_id = i.id)
                 order by i.code, i.id""").setParameter(1, period.planId).setParameter(2, period.id).getResultList();
    }

    /**
     * Reminds the recipients of one target: each enabled person once per rule (a manual reminder each time), within
     * the daily limit for rule reminders; the disabled and those over the limit are logged and skipped.
     */
    private List<ReminderEntity> remind(PeriodEntity period, UUID indicatorId, String rule, String note, Actor by, Clock at) {
        PlanEntity plan = PlanEntity.findById(period.planId);
        OffsetDateTime now = OffsetDateTime.now(at).atZoneSameInstant(Clocks.OFFICES).toOffsetDateTime();
        LocalDate today = now.toLocalDate();
        List<ReminderEntity> made = new ArrayList<>();
        for (Map.Entry<UUID, String> to : recipients(plan.unitId, indicatorId).entrySet()) {
            PersonEntity person = PersonEntity.findById(to.getKey());
            if (person.disabled) {
                LOG.infof("Reminder %s of period %s, target %s: person %s is disabled, skipped.", rule, period.code,
                        indicatorId, person.id);
                continue;
            }
            if (!rule.equals(MANUAL) && ReminderEntity.count("personId = ?1 and remindedOn = ?2", person.id, today) >= dailyLimit) {
                LOG.infof("Reminder %s of period %s, target %s: person %s has had %d today, skipped.", rule, period.code,
                        indicatorId, person.id, dailyLimit);
                continue;
            }
            UUID id = UUID.randomUUID();
            int inserted = Panache.getEntityManager().createNativeQuery("""
                    insert into reminders (id, plan_id, period_id, indicator_id, person_id, rule, recipient, reminded_on, note,
                                           created_by, created_by_person, created_by_name, created_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                    on conflict (period_id, indicator_id, person_id, rule) where rule <> 'MANUAL' do nothing""")
                    .setParameter(1, id).setParameter(2, plan.id).setParameter(3, period.id).setParameter(4, indicatorId)
                    .setParameter(5, person.id).setParameter(6, rule).setParameter(7, to.getValue()).setParameter(8, today)
                    .setParameter(9, note).setParameter(10, by.credential()).setParameter(11, by.person())
                    .setParameter(12, by.name()).setParameter(13, now).executeUpdate();
            if (inserted == 0) {
                continue; // this rule already reminded this person of this target
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reminderId", id);
            data.put("period", period.code);
            data.put("dueOn", period.dueOn.toString());
            data.put("indicatorId", indicatorId);
            data.put("personId", person.id);
            data.put("rule", rule);
            data.put("recipient", to.getValue());
            occurred.fire(new Occurrence("kaoping.reminder.created", plan.unitId, plan.id, subject(plan.id, period.id, id),
                    null, data));
            made.add(ReminderEntity.findById(id));
        }
        return made;
    }

    static String subject(UUID planId, UUID periodId, UUID reminderId) {
        return "plans/" + planId + "/periods/" + periodId + "/reminders/" + reminderId;
    }

    /**
     * Who is told about a target, by person: those named as its leader or person, on it or on a node above it
     * (RESPONSIBLE), and the people the unit's UNIT_COORDINATOR keys act as (COORDINATOR).
     */
    @SuppressWarnings("unchecked")
    private static Map<UUID, String> recipients(UUID unitId, UUID indicatorId) {
        Map<UUID, String> to = new LinkedHashMap<>();
        List<UUID> responsible = Panache.getEntityManager().createNativeQuery("""
                with recursive up (id, parent_id) as (
                    select id, parent_id from indicators where id = ?1
                    union all select i.id, i.parent_id from indicators i join up on i.id = up.parent_id)
                select distinct a.person_id from assignments a join up on a.indicator_id = up.id
                 where a.person_id is not null and a.role in ('LEADER', 'PERSON') order by a.person_id""")
                .setParameter(1, indicatorId).getResultList();
        responsible.forEach(p -> to.put(p, "RESPONSIBLE"));
        List<UUID> coordinators = Panache.getEntityManager().createNativeQuery("""
                select distinct person_id from api_keys
                 where unit_id = ?1 and revoked_at is null and person_id is not null
                   and ',' || roles || ',' like '%,UNIT_COORDINATOR,%' order by person_id""")
                .setParameter(1, unitId).getResultList();
        coordinators.forEach(p -> to.putIfAbsent(p, "COORDINATOR"));
        return to;
    }

    public PanacheQuery<ReminderEntity> list(UUID planId, UUID periodId, Page page) {
        periods.get(planId, periodId);
        return ReminderEntity.<ReminderEntity>find("periodId", Sort.descending("createdAt").and("id"), periodId).page(page);
    }

    /** The event of each reminder and its webhook deliveries by state: one query for a page. */
    public Map<UUID, Delivery> deliveries(UUID planId, UUID periodId, List<ReminderEntity> reminders) {
        Map<String, UUID> bySubject = new LinkedHashMap<>();
        reminders.forEach(r -> bySubject.put(subject(planId, periodId, r.id), r.id));
        Map<UUID, Delivery> result = new LinkedHashMap<>();
        if (bySubject.isEmpty()) {
            return result;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                select e.subject, e.id, count(*) filter (where d.state = 'PENDING'),
                       count(*) filter (where d.state = 'DELIVERED'), count(*) filter (where d.state = 'FAILED')
                  from events e left join webhook_deliveries d on d.event_id = e.id
                 where e.subject in ?1 group by e.subject, e.id""").setParameter(1, bySubject.keySet()).getResultList();
        for (Object[] row : rows) {
            result.put(bySubject.get((String) row[0]), new Delivery((UUID) row[1], ((Number) row[2]).intValue(),
                    ((Number) row[3]).intValue(), ((Number) row[4]).intValue()));
        }
        return result;
    }

    /** A reminder's event and how its webhook deliveries stand. */
    public record Delivery(UUID eventId, int pending, int delivered, int failed) {
    }
}
