package kaoping.org;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import kaoping.api.model.UnitKind;
import kaoping.persistence.TrackedEntity;

/** An evaluated unit (参评单位) or one of its departments and direct units, which form a tree under it. */
@Entity
@Table(name = "units")
public class UnitEntity extends TrackedEntity {
    public String name;
    public String code;
    @Enumerated(EnumType.STRING)
    public UnitKind kind;
    public UUID parentId;
    /** The evaluated unit this belongs to (itself for a unit); it never changes, so scoping needs no tree walk. */
    public UUID rootUnitId;
    public String series;
}
