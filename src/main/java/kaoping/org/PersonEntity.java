package kaoping.org;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import kaoping.persistence.TrackedEntity;

@Entity
@Table(name = "people")
public class PersonEntity extends TrackedEntity {
    public String name;
    public String title;
    public UUID unitId;
    public UUID departmentId;
    public String externalId;
    /** Left or on leave: not reminded. */
    public boolean disabled;
}
