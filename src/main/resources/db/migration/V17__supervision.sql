-- Supervision (督查督办): inspections, their findings with rectification until closed (销号), each step, the warnings
-- published, and the deduction a finding takes off its plan's score (an adjustment, at most one per finding).
-- Who did something is kaoping.access.Actor, three columns: the credential, then _person and _name beside it.

create table inspections (
    id                  uuid primary key,
    version             bigint        not null,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null,
    plan_id             uuid          not null references plans (id),
    unit_id             uuid          not null references units (id),
    kind                varchar(30)   not null check (kind in ('SUPERVISION', 'SPOT_CHECK', 'ON_SITE_VERIFICATION')),
    title               varchar(500)  not null,
    inspected_on        date          not null,
    unit_head_person_id uuid          references people (id),
    -- the deduction rule of its findings (kaoping.findings.deduction.* when the inspection named none)
    per_finding         numeric(8, 2) not null,
    late_closure        numeric(8, 2) not null,
    repeated            numeric(8, 2) not null,
    issued_by           text          not null,
    issued_by_person    uuid,
    issued_by_name      text
);
create index inspections_plan_idx on inspections (plan_id);

create table findings (
    id                   uuid primary key,
    version              bigint        not null,
    created_at           timestamptz   not null,
    updated_at           timestamptz   not null,
    inspection_id        uuid          not null references inspections (id),
    plan_id              uuid          not null references plans (id),
    unit_id              uuid          not null references units (id),
    position             int           not null,
    title                varchar(500)  not null,
    description          text,
    severity             varchar(20)   not null check (severity in ('MINOR', 'MODERATE', 'SERIOUS')),
    -- a target removed later by a change request leaves the finding against the unit
    indicator_id         uuid          references indicators (id) on delete set null,
    evidence_ids         jsonb         not null default '[]',
    owner_person_id      uuid          not null references people (id),
    owner_department_id  uuid          references units (id),
    leader_person_id     uuid          references people (id),
    repeat_of            uuid          references findings (id),
    deadline             date          not null,
    original_deadline    date          not null,
    status               varchar(30)   not null
        check (status in ('ISSUED', 'IN_RECTIFICATION', 'CLOSURE_REQUESTED', 'CLOSED')),
    -- a pending extension request (申请延期), all four set or none
    extension_deadline   date,
    extension_reason     varchar(2000),
    extension_by         text,
    extension_by_person  uuid,
    extension_by_name    text,
    extension_at         timestamptz,
    closure_report       text,
    closure_evidence_ids jsonb,
    closure_requested_by text,
    closure_requested_by_person uuid,
    closure_requested_by_name text,
    closed_on            date,
    issued_by            text          not null,
    issued_by_person     uuid,
    issued_by_name       text
);
create index findings_plan_idx on findings (plan_id, deadline);
create index findings_unit_idx on findings (unit_id, deadline);
create index findings_inspection_idx on findings (inspection_id, position);
-- the warnings job looks at open findings only
create index findings_open_deadline_idx on findings (deadline) where status <> 'CLOSED';

create table finding_steps (
    id              uuid primary key,
    -- the order steps were taken in, also within one clock tick
    seq             bigint        generated always as identity,
    finding_id      uuid          not null references findings (id),
    plan_id         uuid          not null references plans (id),
    action          varchar(30)   not null,
    from_status     varchar(30),
    to_status       varchar(30)   not null,
    report          text,
    reason          varchar(2000),
    evidence_ids    jsonb         not null default '[]',
    deadline_before date,
    deadline_after  date,
    actor           text          not null,
    actor_person    uuid,
    actor_name      text,
    created_at      timestamptz   not null
);
create index finding_steps_finding_idx on finding_steps (finding_id, seq);

-- One row per warning published: the unique key is what makes a second run of the job (or a second instance)
-- publish nothing. A granted extension gives a new deadline, whose warnings are published anew.
-- Not in the audit trail: it is the job's bookkeeping, no record anyone edits or reads through the API; the warning
-- itself is an event of the feed, and a finding shows its warning level computed from its deadline.
create table finding_warnings (
    id           uuid primary key,
    finding_id   uuid         not null references findings (id),
    plan_id      uuid         not null references plans (id),
    level        varchar(10)  not null check (level in ('YELLOW', 'RED')),
    deadline     date         not null,
    published_at timestamptz  not null,
    constraint finding_warnings_once unique (finding_id, level, deadline)
);

-- A finding's deduction is one adjustment of its plan, applied once whoever applies it (a step or the job).
alter table adjustments add column finding_id uuid references findings (id);
alter table adjustments add constraint adjustments_finding_once unique (finding_id);

do $$
declare
    t text;
begin
    foreach t in array array['inspections', 'findings', 'finding_steps']
    loop
        execute format('create trigger %I_audit after insert or update or delete on %I '
                       'for each row execute function audit_change()', t, t);
    end loop;
end $$;
