-- Events out (issue 15): the outbox that the feed reads and webhooks deliver from.

-- One row per event, inserted in the transaction of the change it describes, so a rolled-back write leaves none.
-- xid is that transaction's id: the feed hands out a row only once every transaction with a lower id has ended
-- (xid below the snapshot's xmin), so a reader's cursor (xid, seq) never passes an event still to be committed.
create table events (
    seq        bigserial    primary key,
    xid        xid8         not null default pg_current_xact_id(),
    id         uuid         not null unique,
    type       varchar(100) not null,
    time       timestamptz  not null,
    -- the credential (api-key:<id> or the token subject) and, when it acts as one, the person
    actor      varchar(200) not null,
    actor_person uuid,
    unit_id    uuid,
    plan_id    uuid,
    subject    varchar(200) not null,
    version    bigint,
    data       jsonb        not null
);
create index events_position_idx on events (xid, seq);
create index events_time_idx on events (time);

-- The position up to which events have been purged: a cursor before it missed events and gets 410.
create table events_horizon (
    only_row boolean primary key default true check (only_row),
    xid      xid8    not null,
    seq      bigint  not null
);
insert into events_horizon (xid, seq) values ('0'::xid8, 0);

create table webhook_endpoints (
    id                  uuid          primary key,
    url                 varchar(2000) not null,
    -- empty: every type
    event_types         jsonb         not null,
    owner               varchar(200)  not null,
    secret              varchar(100)  not null,
    -- after a rotation the old secret signs too, until previous_until
    previous_secret     varchar(100),
    previous_until      timestamptz,
    -- since when every delivery failed (null while the last one succeeded)
    failing_since       timestamptz,
    disabled_at         timestamptz,
    disabled_reason     varchar(500),
    created_at          timestamptz   not null
);

-- One row per (endpoint, event) to deliver. A worker claims due rows with FOR UPDATE SKIP LOCKED and a lease: a
-- worker that dies mid-delivery leaves its lease to expire, and another sends the same event (same webhook-id) again.
create table webhook_deliveries (
    id            bigserial    primary key,
    endpoint_id   uuid         not null references webhook_endpoints (id) on delete cascade,
    event_id      uuid         not null references events (id) on delete cascade,
    state         varchar(20)  not null check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts      int          not null default 0,
    next_at       timestamptz  not null,
    lease_until   timestamptz,
    created_at    timestamptz  not null
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_at) where state = 'PENDING';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, event_id);

create table webhook_attempts (
    id               bigserial    primary key,
    endpoint_id      uuid         not null references webhook_endpoints (id) on delete cascade,
    event_id         uuid         not null references events (id) on delete cascade,
    at               timestamptz  not null,
    status           int,
    latency_ms       bigint       not null,
    error            varchar(500),
    response_excerpt varchar(1024)
);
create index webhook_attempts_endpoint_idx on webhook_attempts (endpoint_id, id);
