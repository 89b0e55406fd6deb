-- audit-service's own schema. A call is recorded once: its started and completed records meet in
-- pending_calls, and the call is sealed into audit_records, the append-only hash chain.

create table pending_calls (
    call_id     text primary key,
    started     jsonb,
    completed   jsonb,
    first_seen  timestamptz not null
);

create table audit_records (
    sequence        bigint      primary key,        -- 1, 2, 3 … in sealing order
    call_id         text        not null unique,    -- a redelivered record never makes a second one
    service         text,
    principal       text,
    api             text,
    workspace       text,
    host            text,
    method          text,
    path            text,
    path_template   text,
    attempt         integer,
    correlation_id  text,
    started_at      timestamptz,
    completed_at    timestamptz,
    status          integer,
    outcome         text        not null,           -- SUCCESS, HTTP_ERROR, TRANSPORT_ERROR, OUTCOME_UNKNOWN
    error_code      text,
    duration_ms     bigint,
    sealed_at       timestamptz not null,
    previous_hash   text        not null,
    hash            text        not null            -- SHA-256 of previous_hash and the record's canonical content
);

create index audit_records_workspace on audit_records (workspace, sequence);
create index audit_records_correlation on audit_records (correlation_id);
create index audit_records_started on audit_records (started_at);

create table chain_head (
    id        integer primary key check (id = 1),
    sequence  bigint  not null,
    hash      text    not null
);
insert into chain_head values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: rows of the chain are never updated or deleted through the application's role.
create function audit_records_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_records is append-only';
end;
$$;
create trigger audit_records_append_only before update or delete on audit_records
    for each row execute function audit_records_append_only();
