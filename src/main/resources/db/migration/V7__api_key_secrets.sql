-- API keys: hashed with a server-side secret (HMAC), and their secrets kept out of the audit trail.

-- Rows stored so far hold SHA-256(key); the application rehashes them at its next start, when it has the secret
-- (kaoping.access.ApiKeyService.rehashLegacy). New rows are written with their scheme.
alter table api_keys add column hash_scheme varchar(20) not null default 'SHA256'
    check (hash_scheme in ('SHA256', 'HMAC_SHA256'));
alter table api_keys alter column hash_scheme drop default;

-- A throttled address still lets the holders of active keys through, found by their prefix.
create index api_keys_active_prefix_idx on api_keys (prefix) where revoked_at is null;

-- The trail records a key's changes without its secrets (its id tells keys apart), whoever writes the row; a change
-- of nothing else (the rehash) leaves no row.
create function audit_events_without_key_secrets() returns trigger language plpgsql as $$
begin
    if new.entity_type = 'api_keys' then
        new.before := new.before - array['key_hash', 'hash_scheme', 'prefix'];
        new.after := new.after - array['key_hash', 'hash_scheme', 'prefix'];
        if new.change = 'UPDATE' and new.before = '{}' and new.after = '{}' then
            return null;
        end if;
    end if;
    return new;
end $$;
create trigger audit_events_without_key_secrets before insert on audit_events
    for each row execute function audit_events_without_key_secrets();

-- The trail so far holds the hashes and first characters of every key created: an unsalted SHA-256 of an
-- operator-chosen key is recovered in seconds. They are the one thing the append-only rule gives way for, here,
-- in the migration that stops recording them.
alter table audit_events disable trigger audit_events_append_only;
update audit_events
   set before = before - array['key_hash', 'prefix'], after = after - array['key_hash', 'prefix']
 where entity_type = 'api_keys';
alter table audit_events enable trigger audit_events_append_only;
