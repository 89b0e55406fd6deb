-- security-service's own schema: the workspaces it secures (their desired state, where they are, how the last
-- reconcile and drift check went) and the IP access lists Bricklayer created or adopted in them.
create table secured_workspaces (
    workspace_name      text primary key,
    workspace_url       text        not null,
    resource_id         text        not null,
    desired_state       jsonb       not null,
    received_at         timestamptz not null,   -- the WorkspaceReady that brought this desired state
    status              text        not null,   -- PENDING, SECURED, REFUSED, FAILED, RETRYING
    reconciled_at       timestamptz,
    failure_step        text,
    failure_code        text,
    failure_message     text,
    drift_checked_at    timestamptz,
    drift_outcome       text,                   -- IN_SYNC, DRIFT_REPORTED, DRIFT_CORRECTED
    drift               jsonb                   -- the DriftEntry list the last check found
);

create table managed_ip_access_lists (
    workspace_name  text not null references secured_workspaces (workspace_name) on delete cascade,
    list_id         text not null,
    label           text not null,
    list_type       text not null,
    recorded_at     timestamptz not null,
    primary key (workspace_name, list_id)
);
