-- API keys: hashed with a server-side secret (HMAC), and their secrets kept out of the audit trail.

-- Rows stored so far hold SHA-256(key); the application rehashes them at its next start, when it has the secret
-- (kaoping.access.ApiKeyService.rehashLegacy). New rows are written with their scheme.
alter table api_keys add column hash_scheme varchar(20) not null default 'SHA256'
    check (hash_scheme in ('SHA256', 'HMAC_SHA256'));
alter table api_keys alter column hash_scheme drop default;

-- V5's audit function, with a key's secrets left out of what it records.
create or replace function audit_change() returns trigger language plpgsql as $$
declare
    ctx        jsonb := coalesce(nullif(current_setting('kaoping.audit', true), '')::jsonb, '{}');
    old_row    jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row    jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
    row_data   jsonb := coalesce(new_row, old_row);
    -- bookkeeping columns that every change moves, and an API key's secrets: its id tells keys apart in the trail
    ignored    text[] := array['version', 'updated_at', 'created_at']
                         || case when tg_table_name = 'api_keys' then array['key_hash', 'hash_scheme', 'prefix']
                                 else array[]::text[] end;
    before_val jsonb;
    after_val  jsonb;
begin
    if tg_op = 'UPDATE' then
        select jsonb_object_agg(key, value) into before_val from jsonb_each(old_row)
         where key <> all (ignored) and new_row -> key is distinct from value;
        select jsonb_object_agg(key, value) into after_val from jsonb_each(new_row)
         where key <> all (ignored) and old_row -> key is distinct from value;
        if before_val is null and after_val is null then
            return null;
        end if;
    else
        -- a whole row created or deleted: no field-by-field comparison needed
        before_val := old_row - ignored;
        after_val := new_row - ignored;
    end if;
    insert into audit_events (actor, roles, unit_id, action, change, entity_type, entity_id, plan_id, before, after,
                              request_id, client_address, outcome, retain_until)
    values (coalesce(ctx ->> 'actor', 'system'), ctx ->> 'roles', (ctx ->> 'unitId')::uuid,
            coalesce(ctx ->> 'action', 'system'),
            case tg_op when 'INSERT' then 'CREATE' when 'UPDATE' then 'UPDATE' else 'DELETE' end,
            tg_table_name, coalesce(row_data ->> 'id', row_data ->> 'key'),
            case when tg_table_name = 'plans' then (row_data ->> 'id')::uuid else (row_data ->> 'plan_id')::uuid end,
            before_val, after_val, ctx ->> 'requestId', ctx ->> 'clientAddress', 'SUCCESS',
            now() + coalesce(ctx ->> 'retention', '3 years')::interval);
    return null;
end $$;

-- The trail so far holds the hashes and first characters of every key created: an unsalted SHA-256 of an
-- operator-chosen key is recovered in seconds. They are the one thing the append-only rule gives way for, here,
-- in the migration that stops recording them.
alter table audit_events disable trigger audit_events_append_only;
update audit_events
   set before = before - array['key_hash', 'prefix'], after = after - array['key_hash', 'prefix']
 where entity_type = 'api_keys';
alter table audit_events enable trigger audit_events_append_only;

-- A throttled address still lets the holders of active keys through, found by their prefix.
create index api_keys_active_prefix_idx on api_keys (prefix) where revoked_at is null;
