-- Reporting periods of a plan (报送期: 季度自查, 半年分析) with their deadlines, the unlocks an EVALUATOR grants after a
-- period's lock date, reminders (催办), and people who are no longer reminded (disabled).

create table reporting_periods (
    id          uuid primary key,
    plan_id     uuid        not null references plans (id) on delete cascade,
    code        varchar(40) not null,
    name        varchar(100),
    -- the span whose values the period's reports describe
    starts_on   date        not null,
    ends_on     date        not null,
    due_on      date        not null,
    -- working days after the due date that still count as on time
    grace_days  integer     not null check (grace_days between 0 and 60),
    -- the last day reports of the period may be written (then only under an unlock)
    locks_on    date        not null,
    created_at  timestamptz not null,
    constraint reporting_periods_code_key unique (plan_id, code),
    constraint reporting_periods_span check (starts_on <= ends_on),
    constraint reporting_periods_lock check (due_on <= locks_on)
);

-- Each report belongs to at most one period of its plan (old reports and plans without periods: none).
alter table progress_reports add column period_id uuid references reporting_periods (id) on delete set null;
create index progress_reports_period_idx on progress_reports (period_id, indicator_id, created_at);

-- A window in which a locked period accepts writes again: for the whole unit (indicator_id null) or one target.
create table period_unlocks (
    id           uuid primary key,
    plan_id      uuid          not null references plans (id) on delete cascade,
    period_id    uuid          not null references reporting_periods (id) on delete cascade,
    indicator_id uuid references indicators (id) on delete cascade,
    reason       varchar(500)  not null,
    expires_at   timestamptz   not null,
    -- who granted it, as kaoping.access.Actor: the credential, the person it acted as, the name shown
    granted_by   text          not null,
    granted_by_person uuid,
    granted_by_name   text,
    created_at   timestamptz   not null
);
create index period_unlocks_period_idx on period_unlocks (period_id, expires_at);

-- One reminder to one person about one target of one period. A rule's reminder exists once per (target, person):
-- the unique index makes a second run of the job (or a second instance) create nothing. Manual ones (rule MANUAL)
-- may repeat; they are rate-limited by the service.
create table reminders (
    id           uuid primary key,
    plan_id      uuid         not null references plans (id) on delete cascade,
    period_id    uuid         not null references reporting_periods (id) on delete cascade,
    indicator_id uuid         not null references indicators (id) on delete cascade,
    person_id    uuid         not null references people (id) on delete cascade,
    rule         varchar(20)  not null,
    -- why this person: RESPONSIBLE (named for the target) or COORDINATOR (the unit's)
    recipient    varchar(20)  not null check (recipient in ('RESPONSIBLE', 'COORDINATOR')),
    reminded_on  date         not null,
    note         varchar(500),
    -- the job's reminders: system
    created_by   text         not null,
    created_by_person uuid,
    created_by_name   text,
    created_at   timestamptz  not null
);
create unique index reminders_rule_key on reminders (period_id, indicator_id, person_id, rule) where rule <> 'MANUAL';
create index reminders_person_day_idx on reminders (person_id, reminded_on);
create index reminders_period_idx on reminders (period_id, created_at);

-- A person who has left or is on leave is not reminded.
alter table people add column disabled boolean not null default false;

create trigger reporting_periods_audit after insert or update or delete on reporting_periods
    for each row execute function audit_change();
create trigger period_unlocks_audit after insert or update or delete on period_unlocks
    for each row execute function audit_change();

-- A reminder's event is found by its subject (the reminder's path), to show its webhook deliveries.
create index events_subject_idx on events (subject);
