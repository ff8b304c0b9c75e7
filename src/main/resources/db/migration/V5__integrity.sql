-- The yearly cycle (transitions, change requests, versions), the audit trail and idempotent retries.

-- RETURNED: sent back by the evaluator with a reason; edited like a draft, then submitted again.
alter table plans add constraint plans_status_check check (status in
    ('DRAFT', 'RETURNED', 'SUBMITTED', 'APPROVED', 'PUBLISHED', 'SELF_ASSESSMENT', 'EVALUATION', 'CLOSED'));

create table plan_transitions (
    id          uuid primary key,
    plan_id     uuid         not null references plans (id) on delete cascade,
    action      varchar(30)  not null,
    from_status varchar(20)  not null,
    to_status   varchar(20)  not null,
    comment     varchar(2000),
    actor       varchar(200) not null,
    created_at  timestamptz  not null
);
create index plan_transitions_plan_idx on plan_transitions (plan_id, created_at);

-- The approved trees: number 1 at approval, one more per applied change request.
create table plan_versions (
    plan_id           uuid        not null references plans (id) on delete cascade,
    number            integer     not null,
    tree              jsonb       not null,
    change_request_id uuid,
    created_at        timestamptz not null,
    primary key (plan_id, number)
);

create table change_requests (
    id          uuid primary key,
    plan_id     uuid          not null references plans (id) on delete cascade,
    reason      varchar(2000) not null,
    changes     jsonb         not null,
    status      varchar(20)   not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    proposed_by varchar(200)  not null,
    decided_by  varchar(200),
    decided_at  timestamptz,
    comment     varchar(2000),
    -- the plan version the change produced
    result_version integer,
    version     bigint        not null,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null
);
create index change_requests_plan_idx on change_requests (plan_id, created_at);

-- Replays of creating requests: the first answer, per caller and key, for 24 hours.
create table idempotency_keys (
    principal    varchar(200)  not null,
    key          varchar(200)  not null,
    operation    varchar(100)  not null,
    fingerprint  varchar(64)   not null,
    status       integer,
    location     varchar(500),
    etag         varchar(100),
    body         text,
    created_at   timestamptz   not null,
    primary key (principal, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- The audit trail. Rows are written by the triggers below in the transaction of the change (outcome SUCCESS), and
-- by the application for refused requests and failed logins. Nobody changes them; a row can be deleted only once
-- its retention has passed.
create table audit_events (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz   not null default clock_timestamp(),
    actor          varchar(200),
    roles          varchar(200),
    unit_id        uuid,
    action         varchar(100)  not null,
    change         varchar(10),
    entity_type    varchar(50),
    entity_id      varchar(100),
    plan_id        uuid,
    before         jsonb,
    after          jsonb,
    request_id     varchar(128),
    client_address varchar(100),
    outcome        varchar(20)   not null check (outcome in ('SUCCESS', 'REFUSED', 'FAILED_LOGIN')),
    status         integer,
    detail         varchar(2000),
    retain_until   timestamptz   not null
);
create index audit_events_time_idx on audit_events (occurred_at);
create index audit_events_entity_idx on audit_events (entity_id);
create index audit_events_plan_idx on audit_events (plan_id);
create index audit_events_actor_idx on audit_events (actor);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and old.retain_until < now() then
        return old;
    end if;
    raise exception 'audit events are append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_append_only();
create function audit_events_no_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'audit events are append-only (TRUNCATE refused)' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_no_truncate();

-- One row per changed row of an audited table, with the fields that changed (before and after). Who and why come from
-- the connection's kaoping.audit setting, which the application sets each time it takes a connection from its pool.
create function audit_change() returns trigger language plpgsql as $$
declare
    ctx        jsonb := coalesce(nullif(current_setting('kaoping.audit', true), '')::jsonb, '{}');
    old_row    jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row    jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
    row_data   jsonb := coalesce(new_row, old_row);
    -- bookkeeping columns that every change moves
    ignored    text[] := array['version', 'updated_at', 'created_at'];
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

do $$
declare
    t text;
begin
    foreach t in array array['units', 'people', 'api_keys', 'plans', 'indicators', 'plan_assessors', 'assessments',
                             'self_assessments', 'progress_reports', 'adjustments', 'evidence', 'assignments',
                             'plan_transitions', 'plan_versions', 'change_requests']
    loop
        execute format('create trigger %I_audit after insert or update or delete on %I '
                       'for each row execute function audit_change()', t, t);
    end loop;
end $$;
