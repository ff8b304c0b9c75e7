package kaoping.indicator;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import kaoping.persistence.TrackedEntity;

/**
 * A node of a plan's indicator tree. Parent and plan are plain ids: the tree is always read whole with one query and
 * assembled in memory, so no lazy association is ever walked. Updates write only the changed columns: sibling
 * positions are shifted by bulk statements, and a node loaded before such a shift must not write its old position
 * back when another of its fields changes.
 */
@Entity
@Table(name = "indicators")
@DynamicUpdate
public class IndicatorEntity extends TrackedEntity {
    public UUID planId;
    public UUID parentId;
    /** Place among its siblings, from 0. */
    public int position;
    public String code;
    public String name;
    public String description;
    /** A target's 评分标准 as written; null for inner nodes. */
    public String criteria;
    public BigDecimal weight;
    /** The leaf's Scoring as JSON; null for inner nodes. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String scoring;
}
