package kaoping.reporting;

import kaoping.access.Actor;
import kaoping.api.model.Period;
import kaoping.api.model.PeriodUnlock;
import kaoping.api.model.Reminder;
import kaoping.api.model.ReminderDelivery;

final class ReportingMapper {
    private ReportingMapper() {
    }

    static Period toApi(PeriodEntity e, Periods periods) {
        return new Period().id(e.id).planId(e.planId).code(e.code).name(e.name).startsOn(e.startsOn).endsOn(e.endsOn)
                .dueOn(e.dueOn).graceDays(e.graceDays).locksOn(e.locksOn).onTimeUntil(periods.onTimeUntil(e))
                .lockedFrom(Periods.lockedFrom(e)).createdAt(e.createdAt);
    }

    static PeriodUnlock toApi(UnlockEntity e) {
        return new PeriodUnlock().id(e.id).periodId(e.periodId).indicatorId(e.indicatorId).reason(e.reason)
                .expiresAt(e.expiresAt).grantedBy(Actor.api(e.grantedBy)).createdAt(e.createdAt);
    }

    static Reminder toApi(ReminderEntity e, Reminders.Delivery delivery) {
        Reminders.Delivery d = delivery == null ? new Reminders.Delivery(null, 0, 0, 0) : delivery;
        return new Reminder().id(e.id).periodId(e.periodId).indicatorId(e.indicatorId).personId(e.personId).rule(e.rule)
                .recipient(Reminder.RecipientEnum.fromValue(e.recipient)).remindedOn(e.remindedOn).note(e.note)
                .createdBy(Actor.api(e.createdBy)).createdAt(e.createdAt).eventId(d.eventId())
                .delivery(new ReminderDelivery().pending(d.pending()).delivered(d.delivered()).failed(d.failed()));
    }
}
