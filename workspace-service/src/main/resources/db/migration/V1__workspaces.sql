-- workspace-service's own schema: one row per workspace, the request that defines it and where it is.
create table workspaces (
    workspace_name   text primary key,
    request_id       text        not null,
    request          jsonb       not null,
    request_hash     text        not null,   -- identical requests deploy once
    blueprint        text        not null,   -- name@version
    desired_state    jsonb       not null,
    status           text        not null,   -- PROVISIONING, READY, ONBOARDED, FAILED, DECOMMISSIONING, DECOMMISSIONED
    deployment_name  text        not null,
    status_url       text,                   -- Azure-AsyncOperation of the deployment: a restart resumes polling it
    resource_id      text,
    workspace_id     text,
    workspace_url    text,
    error_code       text,
    error_message    text,
    deployed_at      timestamptz,            -- when the deployment ended (ready or failed)
    secured          text,                   -- null until security-service reports: DONE or FAILED: reason
    secured_at       timestamptz,
    identity         text,
    identity_at      timestamptz,
    tokens           text,
    tokens_at        timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index workspaces_status on workspaces (status);
