-- Units, people, API keys, plans and the indicator tree.

create table units (
    id           uuid primary key,
    name         varchar(200) not null,
    code         varchar(64),
    kind         varchar(20)  not null check (kind in ('UNIT', 'DEPARTMENT', 'DIRECT_UNIT')),
    parent_id    uuid references units (id),
    -- the evaluated unit a department belongs to (itself for a unit); fixed for life, so scoping is one lookup
    root_unit_id uuid         not null references units (id),
    series       varchar(100),
    version      bigint       not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    constraint units_parent_kind check ((kind = 'UNIT') = (parent_id is null))
);
create unique index units_code_key on units (code);
create index units_parent_idx on units (parent_id);
create index units_root_idx on units (root_unit_id);

create table people (
    id            uuid primary key,
    name          varchar(100) not null,
    title         varchar(100),
    unit_id       uuid         not null references units (id),
    department_id uuid references units (id),
    external_id   varchar(200),
    version       bigint       not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);
create unique index people_external_id_key on people (external_id);
create index people_unit_idx on people (unit_id);
create index people_department_idx on people (department_id);

create table api_keys (
    id         uuid primary key,
    name       varchar(200) not null,
    prefix     varchar(16)  not null,
    key_hash   varchar(64)  not null unique,
    roles      varchar(200) not null,
    unit_id    uuid references units (id),
    created_at timestamptz  not null,
    revoked_at timestamptz
);

create table plans (
    id              uuid primary key,
    title           varchar(300) not null,
    year            integer      not null,
    unit_id         uuid         not null references units (id),
    series          varchar(100),
    document_number varchar(100),
    status          varchar(20)  not null,
    scoring_rules   jsonb        not null,
    -- bumped by every change of the tree; the tree's ETag
    tree_version    bigint       not null default 0,
    version         bigint       not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    constraint plans_unit_year_key unique (unit_id, year)
);
create index plans_year_series_idx on plans (year, series);

create table indicators (
    id          uuid primary key,
    plan_id     uuid          not null references plans (id) on delete cascade,
    parent_id   uuid references indicators (id) on delete cascade,
    position    integer       not null,
    code        varchar(32),
    name        varchar(500)  not null,
    description varchar(4000),
    weight      numeric(12, 2) not null check (weight >= 0),
    scoring     jsonb,
    version     bigint        not null,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null
);
create index indicators_plan_idx on indicators (plan_id);
create index indicators_parent_idx on indicators (parent_id);
