package kaoping.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One reminder (催办) to one person about one target of a period; written by {@link Reminders} only. */
@Entity
@Table(name = "reminders")
public class ReminderEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    public UUID periodId;
    public UUID indicatorId;
    public UUID personId;
    public String rule;
    public String recipient;
    public LocalDate remindedOn;
    public String note;
    public String createdBy;
    public OffsetDateTime createdAt;
}
