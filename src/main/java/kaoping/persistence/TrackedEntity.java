package kaoping.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import kaoping.web.Clocks;

/**
 * An editable row: server-chosen id, an optimistic-lock version (its ETag) and creation and change times.
 */
@MappedSuperclass
public abstract class TrackedEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Version
    public long version;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;

    @PrePersist
    void created() {
        if (id == null) {
            id = UUID.randomUUID();
        }
        createdAt = OffsetDateTime.now(Clocks.current());
        updatedAt = createdAt;
    }

    @PreUpdate
    void updated() {
        updatedAt = OffsetDateTime.now(Clocks.current());
    }
}
