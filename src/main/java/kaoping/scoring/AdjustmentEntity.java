package kaoping.scoring;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.api.model.AdjustmentKind;

/** A bonus, deduction or veto item of a plan. */
@Entity
@Table(name = "adjustments")
public class AdjustmentEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID planId;
    @Enumerated(EnumType.STRING)
    public AdjustmentKind kind;
    public BigDecimal points;
    public String reason;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<UUID> evidenceIds;
    /** The supervision finding a deduction was applied for, by the server; at most one item per finding. */
    public UUID findingId;
    public String createdBy;
    public OffsetDateTime createdAt;
}
