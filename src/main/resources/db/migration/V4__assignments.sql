-- Who answers for each node of a plan (责任领导, 责任科室, 责任人), lead (牵头) or supporting (配合).

create table assignments (
    id             uuid primary key,
    plan_id        uuid        not null references plans (id) on delete cascade,
    indicator_id   uuid        not null references indicators (id) on delete cascade,
    position       integer     not null,
    role           varchar(20) not null check (role in ('LEADER', 'DEPARTMENT', 'PERSON')),
    responsibility varchar(20) not null check (responsibility in ('LEAD', 'SUPPORT')),
    person_id      uuid references people (id),
    department_id  uuid references units (id),
    -- the published collective entries: every department, or every department's head
    collective     varchar(30) check (collective in ('ALL_DEPARTMENTS', 'ALL_DEPARTMENT_HEADS')),
    constraint assignments_one_target check (num_nonnulls(person_id, department_id, collective) = 1),
    constraint assignments_position_key unique (indicator_id, position)
);
create index assignments_plan_idx on assignments (plan_id);
create index assignments_person_idx on assignments (person_id);
create index assignments_department_idx on assignments (department_id);
