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
    /** HMAC-SHA256 (with the server's key secret) of the key's SHA-256, in hex; the key itself is never stored. */
    public String keyHash;
    /** How keyHash was made: ApiKeyService.HMAC, or LEGACY until the start rehashes it. */
    public String hashScheme;
    /** Comma-separated role names. */
    public String roles;
    public UUID unitId;
    /** The person the key acts as (an assessor's entries are theirs). */
    public UUID personId;
    public OffsetDateTime createdAt;
    public OffsetDateTime revokedAt;
}
