-- identity-service's own schema: the people projection (latest HR record per person), what is provisioned where,
-- each workspace's target and desired state, the work still to do, and the objects grants are set on.

-- The latest applied HR event of every person.
create table people (
    employee_id     text primary key,
    user_name       text        not null,               -- the SCIM userName (an e-mail address)
    display_name    text,
    given_name      text,
    family_name     text,
    attributes      jsonb,                              -- HrAttributes; null for a leaver only ever seen leaving
    status          text        not null,               -- ACTIVE, LEFT
    last_event_type text        not null,               -- UserJoined, UserMoved, UserLeft
    last_event_id   text,                               -- ce_id
    last_event_at   timestamptz not null,               -- occurredAt of the last applied event: older ones are ignored
    effective_date  date,
    updated_at      timestamptz not null
);
create unique index people_user_name on people (lower(user_name));

-- Workspaces announced by WorkspaceReady: where they are, what they should hold, how far bootstrapping got.
create table workspaces (
    workspace_name  text primary key,
    workspace_url   text        not null,
    resource_id     text        not null,
    workspace_id    text,
    tags            jsonb       not null default '{}',  -- from the workspace registry; access rules select by them
    desired_state   jsonb       not null,
    desired_hash    text        not null,               -- the same WorkspaceReady again changes nothing
    status          text        not null,               -- BOOTSTRAPPING, READY, FAILED
    attempts        int         not null default 0,
    due_at          timestamptz not null,
    last_error      text,
    bootstrapped_at timestamptz,
    lease_owner     text,                               -- the instance working on it (several may run)
    lease_until     timestamptz,
    updated_at      timestamptz not null
);

-- Groups and service principals Bricklayer manages in a workspace, with their SCIM ids.
create table workspace_principals (
    workspace_name  text        not null references workspaces on delete cascade,
    kind            text        not null,               -- GROUP, SERVICE_PRINCIPAL
    name            text        not null,               -- group displayName, service principal applicationId
    scim_id         text        not null,
    entitlements    jsonb       not null,
    updated_at      timestamptz not null,
    primary key (workspace_name, kind, name)
);

-- What is provisioned where: one row per person and workspace they ever had access to.
create table access (
    employee_id     text        not null references people on delete cascade,
    workspace_name  text        not null references workspaces on delete cascade,
    scim_user_id    text        not null,
    active          boolean     not null,
    groups          jsonb       not null,               -- managed groups the user is a member of
    entitlements    jsonb       not null,               -- entitlements Bricklayer gave the user itself
    adopted         boolean     not null,               -- the user existed before Bricklayer provisioned it
    updated_at      timestamptz not null,
    primary key (employee_id, workspace_name)
);
create index access_workspace on access (workspace_name);

-- People whose access in a workspace is to be converged. A newer event raises the generation, so work done on an
-- older one does not clear the mark.
create table pending_people (
    workspace_name  text        not null references workspaces on delete cascade,
    employee_id     text        not null references people on delete cascade,
    generation      bigint      not null,
    due_at          timestamptz not null,
    attempts        int         not null default 0,
    last_error      text,
    correlation_id  text,                               -- of the HR event that asked for the work
    primary key (workspace_name, employee_id)
);
create index pending_people_due on pending_people (workspace_name, due_at);

-- Objects grants are set on, announced by security-service (cluster policies, clusters) or workspace-wide. No
-- reference to workspaces: an announcement may come before WorkspaceReady.
create table grant_objects (
    workspace_name  text        not null,
    object_type     text        not null,               -- Permissions API type, e.g. cluster-policies
    object_name     text        not null,               -- the name in the desired state
    object_id       text        not null,
    status          text        not null,               -- PENDING, APPLIED, FAILED
    applied_hash    text,                               -- the ACL last applied
    attempts        int         not null default 0,
    due_at          timestamptz not null,
    last_error      text,
    announced_at    timestamptz not null,
    applied_at      timestamptz,
    primary key (workspace_name, object_type, object_name)
);
create index grant_objects_due on grant_objects (status, due_at);

-- Small facts of the service itself, e.g. the fingerprint of the access rules the people were evaluated with.
create table settings (
    name            text primary key,
    value           text        not null
);
