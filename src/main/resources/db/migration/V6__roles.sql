-- The application's own role may do only what the application does. Migrations run as the owner of the tables (the
-- Flyway user); the application connects as ${appRole} (the datasource's user), which gets the rows of the business
-- tables but may only add to and read the audit trail: not being the owner, it can neither disable nor drop the
-- triggers that guard it. When both are one role there is nothing to grant, and the triggers alone guard the trail.

-- Claims of Idempotency-Key requests name the app instance that runs them (see kaoping.web.InstanceLock): a claim
-- whose instance is gone was abandoned.
alter table idempotency_keys add column instance bigint;

-- The daily purge, the one deletion of audit events (those past their retention), runs with the owner's rights.
do $$
begin
    execute format($f$
        create function purge_audit_events() returns bigint language sql security definer
        set search_path = %I, pg_temp as $purge$
            with removed as (delete from audit_events where retain_until < now() returning 1) select count(*) from removed
        $purge$ $f$, current_schema());
end $$;
revoke all on function purge_audit_events() from public;

do $$
declare
    app    text := '${appRole}';
    schema text := current_schema();
begin
    if app = '' or app = current_user then
        return;
    end if;
    execute format('grant usage on schema %I to %I', schema, app);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', schema, app);
    execute format('grant usage, select on all sequences in schema %I to %I', schema, app);
    execute format('revoke update, delete on audit_events from %I', app);
    execute format('revoke all on %I from %I', '${flyway:table}', app);
    execute format('grant execute on function purge_audit_events() to %I', app);
    -- the tables of later migrations alike
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I', schema, app);
    execute format('alter default privileges in schema %I grant usage, select on sequences to %I', schema, app);
end $$;
