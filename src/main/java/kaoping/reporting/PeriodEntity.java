package kaoping.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A reporting period of a plan (报送期): the span its reports describe, when they are due, and when it locks. */
@Entity
@Table(name = "reporting_periods")
public class PeriodEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    public String code;
    public String name;
    public LocalDate startsOn;
    public LocalDate endsOn;
    public LocalDate dueOn;
    public int graceDays;
    public LocalDate locksOn;
    public OffsetDateTime createdAt;
}
