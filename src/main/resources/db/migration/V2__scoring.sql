-- What plans are scored from (assessors, their entries, self-assessments, progress), adjustments and components.

-- the person an API key acts as: an assessor's key enters that person's scores
alter table api_keys add column person_id uuid references people (id);

-- scores of the components beside the tree, by key; their own version is their ETag, apart from the plan's
alter table plans add column component_scores jsonb not null default '{}';
alter table plans add column component_scores_version bigint not null default 0;

create table plan_assessors (
    id          uuid primary key,
    plan_id     uuid        not null references plans (id) on delete cascade,
    person_id   uuid        not null references people (id),
    assigned_at timestamptz not null,
    constraint plan_assessors_plan_person_key unique (plan_id, person_id)
);

create table assessments (
    id           uuid primary key,
    plan_id      uuid        not null references plans (id) on delete cascade,
    indicator_id uuid        not null references indicators (id) on delete cascade,
    assessor_id  uuid        not null references people (id),
    score        numeric,
    grade        varchar(20),
    note         varchar(2000),
    version      bigint      not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    constraint assessments_leaf_assessor_key unique (indicator_id, assessor_id),
    constraint assessments_score_or_grade check ((score is null) <> (grade is null))
);
create index assessments_plan_idx on assessments (plan_id);
create index assessments_assessor_idx on assessments (assessor_id);

create table self_assessments (
    id           uuid primary key,
    plan_id      uuid        not null references plans (id) on delete cascade,
    indicator_id uuid        not null unique references indicators (id) on delete cascade,
    score        numeric     not null,
    note         varchar(2000),
    version      bigint      not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index self_assessments_plan_idx on self_assessments (plan_id);

create table progress_reports (
    id           uuid primary key,
    plan_id      uuid        not null references plans (id) on delete cascade,
    indicator_id uuid        not null references indicators (id) on delete cascade,
    period       varchar(40),
    reported_on  date        not null,
    actual       numeric,
    completion   numeric,
    occurrences  integer,
    narrative    varchar(4000),
    reported_by  varchar(200) not null,
    created_at   timestamptz not null
);
create index progress_reports_plan_idx on progress_reports (plan_id);
create index progress_reports_indicator_idx on progress_reports (indicator_id, reported_on desc, created_at desc);

create table adjustments (
    id           uuid primary key,
    plan_id      uuid          not null references plans (id) on delete cascade,
    kind         varchar(20)   not null check (kind in ('BONUS', 'DEDUCTION', 'VETO')),
    points       numeric(12, 2),
    reason       varchar(1000) not null,
    evidence_ids jsonb         not null default '[]',
    created_by   varchar(200)  not null,
    created_at   timestamptz   not null,
    constraint adjustments_points check ((kind = 'VETO') = (points is null))
);
create index adjustments_plan_idx on adjustments (plan_id);
