-- The account scope (identity-federated workspaces with Unity Catalog): people as account users, account groups
-- assigned to workspaces, Unity Catalog privileges of those groups on the catalogs security-service announces.

-- The person's Entra ID object id, when HR sends it: with automatic identity management the account user is resolved by it.
alter table people add column entra_object_id text;

-- Account groups Bricklayer made (or adopted) once for the whole account, by display name.
create table account_groups (
    group_name      text primary key,
    group_id        text        not null,               -- the account SCIM id (principal id of workspace assignments)
    adopted         boolean     not null,               -- it existed before Bricklayer needed it
    updated_at      timestamptz not null
);

-- One account user per person (account scope), whatever the number of workspaces it reaches.
create table account_users (
    employee_id     text primary key references people on delete cascade,
    user_id         text        not null,               -- the account SCIM id; the same id in every federated workspace
    active          boolean     not null,
    groups          jsonb       not null,               -- managed account groups the user is a member of
    adopted         boolean     not null,               -- the user existed before Bricklayer (by hand, Entra ID's sync)
    updated_at      timestamptz not null
);

-- People whose account user or account group memberships are to be converged; a failed attempt waits here.
create table pending_account (
    employee_id     text primary key references people on delete cascade,
    due_at          timestamptz not null,
    attempts        int         not null default 0,
    last_error      text,
    correlation_id  text
);
create index pending_account_due on pending_account (due_at);

-- The account groups assigned to a workspace, with the permission and the workspace entitlements last set.
create table group_assignments (
    workspace_name  text        not null references workspaces on delete cascade,
    group_name      text        not null,
    group_id        text        not null,
    permission      text        not null,               -- USER, ADMIN
    entitlements    jsonb       not null,
    updated_at      timestamptz not null,
    primary key (workspace_name, group_name)
);

-- Catalogs announced by security-service (CatalogProvisioned), whose grants the access rules give. No reference to
-- workspaces: an announcement may come before WorkspaceReady.
create table catalog_grants (
    workspace_name  text        not null,
    catalog_name    text        not null,
    metastore_id    text        not null,
    status          text        not null,               -- PENDING, APPLIED, FAILED
    applied_hash    text,                               -- the desired grants last applied
    attempts        int         not null default 0,
    due_at          timestamptz not null,
    last_error      text,
    announced_at    timestamptz not null,
    applied_at      timestamptz,
    primary key (workspace_name, catalog_name)
);
create index catalog_grants_due on catalog_grants (status, due_at);

-- The Unity Catalog privileges Bricklayer holds granted to a managed group on a securable of a metastore.
create table data_grants (
    metastore_id    text        not null,
    securable_type  text        not null,               -- catalog, schema
    full_name       text        not null,
    principal       text        not null,               -- the account group's display name
    privileges      jsonb       not null,
    updated_at      timestamptz not null,
    primary key (metastore_id, securable_type, full_name, principal)
);
