package kaoping.access;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "api_keys")
public class ApiKeyEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    /** The first characters of the key, so people can tell their keys apart; not enough to use it. */
    public String prefix;
    /** SHA-256 of the key in hex; the key itself is never stored. */
    public String keyHash;
    /** Comma-separated role names. */
    public String roles;
    public UUID unitId;
    /** The person the key acts as (an assessor's entries are theirs). */
    public UUID personId;
    public OffsetDateTime createdAt;
    public OffsetDateTime revokedAt;
}
