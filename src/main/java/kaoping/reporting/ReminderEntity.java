package kaoping.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.access.Actor;

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
    @Embedded
    @AttributeOverride(name = "credential", column = @Column(name = "created_by"))
    @AttributeOverride(name = "person", column = @Column(name = "created_by_person"))
    @AttributeOverride(name = "name", column = @Column(name = "created_by_name"))
    public Actor createdBy;
    public OffsetDateTime createdAt;
}
