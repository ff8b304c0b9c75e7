-- Evidence files (佐证材料): the record here, the bytes in the blob store under their SHA-256.

create table evidence (
    id            uuid primary key,
    plan_id       uuid          not null references plans (id) on delete cascade,
    indicator_id  uuid          not null references indicators (id) on delete cascade,
    filename      varchar(255)  not null,
    size          bigint        not null check (size >= 0),
    content_type  varchar(100)  not null,
    sha256        varchar(64)   not null check (sha256 ~ '^[0-9a-f]{64}$'),
    category      varchar(20)   not null check (category in ('DOCUMENT', 'PHOTO', 'AUDIO', 'VIDEO', 'OTHER')),
    title         varchar(300),
    description   varchar(4000),
    period        varchar(40),
    -- the RETURNED file this one answers
    replaces      uuid references evidence (id),
    uploaded_by   varchar(200)  not null,
    review_status varchar(20)   not null check (review_status in ('PENDING', 'ACCEPTED', 'RETURNED')),
    review_reason varchar(2000),
    reviewed_by   varchar(200),
    reviewed_at   timestamptz,
    -- a withdrawn file is kept for the audit trail
    deleted_at    timestamptz,
    version       bigint        not null,
    created_at    timestamptz   not null,
    updated_at    timestamptz   not null
);
create index evidence_plan_idx on evidence (plan_id);
create index evidence_indicator_idx on evidence (indicator_id);
create index evidence_sha256_idx on evidence (sha256);
