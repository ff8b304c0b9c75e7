package kaoping.assessment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A progress report on one leaf; reports are kept as entered, the newest value of each kind counts. */
@Entity
@Table(name = "progress_reports")
public class ProgressEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    public UUID indicatorId;
    public String period;
    /** The plan's reporting period it belongs to, if the plan defines periods. */
    public UUID periodId;
    public LocalDate reportedOn;
    public BigDecimal actual;
    public BigDecimal completion;
    public Integer occurrences;
    public String narrative;
    public String reportedBy;
    public OffsetDateTime createdAt;
}
