package kaoping.plan;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An approved tree as it was: number 1 at approval, one more per applied change request. */
@Entity
@Table(name = "plan_versions")
@IdClass(PlanVersionEntity.Key.class)
public class PlanVersionEntity extends PanacheEntityBase {
    @Id
    public UUID planId;
    @Id
    public int number;
    /** The indicator tree (IndicatorNode list) as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String tree;
    public UUID changeRequestId;
    public OffsetDateTime createdAt;

    public record Key(UUID planId, int number) implements Serializable {
    }
}
