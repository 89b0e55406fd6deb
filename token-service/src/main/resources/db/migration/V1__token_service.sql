-- Workspaces token-service governs: where they are and their token policy (NULL: tokens are left alone).
create table workspaces (
    name              text primary key,
    workspace_url     text        not null,
    resource_id       text        not null,
    token_policy      jsonb,
    policy_status     text        not null check (policy_status in ('NONE', 'PENDING', 'APPLIED', 'FAILED')),
    policy_error      text,
    policy_applied_at timestamptz,
    updated_at        timestamptz not null default now()
);

-- A sweep over one or every workspace.
create table sweeps (
    id           text primary key,
    trigger      text        not null check (trigger in ('SCHEDULED', 'ON_DEMAND', 'POLICY_APPLIED')),
    requested_by text,
    status       text        not null check (status in ('RUNNING', 'COMPLETED')),
    started_at   timestamptz not null default now(),
    finished_at  timestamptz
);

-- One workspace of a sweep; claimed by one instance at a time (heartbeat), taken over when its instance stopped.
create table sweep_workspaces (
    sweep_id    text        not null references sweeps (id) on delete cascade,
    workspace   text        not null,
    status      text        not null check (status in ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
    claimed_by  text,
    heartbeat   timestamptz,
    attempts    int         not null default 0,
    scanned     int,
    revoked     int,
    reported    int,
    error       text,
    created_at  timestamptz not null default now(),
    started_at  timestamptz,
    finished_at timestamptz,
    primary key (sweep_id, workspace)
);
create index sweep_workspaces_open on sweep_workspaces (created_at) where status in ('PENDING', 'RUNNING');

-- Every revocation, recorded before the DELETE (PENDING) and after it (DELETED), and whether TokenRevoked went out.
create table revocations (
    workspace   text        not null,
    token_id    text        not null,
    owner       text,
    rule        text        not null,
    expires_at  timestamptz,
    sweep_id    text,
    state       text        not null check (state in ('PENDING', 'DELETED')),
    announced   boolean     not null default false,
    recorded_at timestamptz not null default now(),
    deleted_at  timestamptz,
    primary key (workspace, token_id)
);
create index revocations_sweep on revocations (sweep_id, workspace);

-- Violations reported (not revoked) by the last sweep of each workspace.
create table violations (
    workspace  text        not null,
    token_id   text        not null,
    owner      text,
    rule       text        not null,
    expires_at timestamptz,
    sweep_id   text        not null,
    found_at   timestamptz not null,
    primary key (workspace, token_id)
);

-- The tokens each workspace held after its last sweep (ids, owners and times only; never values or comments).
create table inventory (
    workspace     text        not null,
    token_id      text        not null,
    owner         text,
    created_at    timestamptz not null,
    expires_at    timestamptz,
    sweep_id      text        not null,
    swept_at      timestamptz not null,
    primary key (workspace, token_id)
);
