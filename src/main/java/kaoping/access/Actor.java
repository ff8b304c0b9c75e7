package kaoping.access;

import java.util.UUID;

import jakarta.persistence.Embeddable;

import kaoping.api.model.ActorKind;

/**
 * Who did something, as a record keeps it: the credential (an API key's {@code api-key:<id>} or the token's subject),
 * and, written with it, the person it acted as and the name shown (the person's, else the key's). The name is a
 * snapshot, like the signature on a paper record: it stays what it was when the person is later renamed or moved, and
 * a list shows it without reading the directory. Embedded in the records as three columns, e.g. {@code uploaded_by},
 * {@code uploaded_by_person}, {@code uploaded_by_name}.
 */
@Embeddable
public record Actor(String credential, UUID person, String name) {
    private static final String KEY = "api-key:";
    /** What the application does of itself (a scheduled job), as the audit trigger records it too. */
    public static final Actor SYSTEM = new Actor("system", null, null);

    /** The contract's shape, or none for a step not taken (a file not yet reviewed). */
    public static kaoping.api.model.Actor api(Actor actor) {
        if (actor == null || actor.credential == null) {
            return null;
        }
        // rows from before names were recorded, and the trail's "system", show their credential
        kaoping.api.model.Actor shown = new kaoping.api.model.Actor().credential(actor.credential)
                .name(actor.name == null ? actor.credential : actor.name);
        if (actor.person != null) {
            return shown.kind(ActorKind.PERSON).id(actor.person.toString());
        }
        if (actor.credential.equals(SYSTEM.credential)) {
            return shown.kind(ActorKind.SYSTEM);
        }
        if (actor.credential.startsWith(KEY)) {
            return shown.kind(ActorKind.API_KEY).id(actor.credential.substring(KEY.length()));
        }
        return shown.kind(ActorKind.TOKEN).id(actor.credential);
    }

    /** A credential that failed to log in: its kind and what was shown of it, which identifies nobody. */
    public static kaoping.api.model.Actor unverified(String shown) {
        return shown == null ? null : new kaoping.api.model.Actor().credential(shown).name(shown)
                .kind(shown.startsWith(KEY) ? ActorKind.API_KEY : ActorKind.TOKEN);
    }
}
