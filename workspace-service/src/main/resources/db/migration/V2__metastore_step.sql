-- The blueprint's ARM options (api-version 2026-01-01) a deployment was made with, and the metastore step between the
-- deployment and WorkspaceReady.
alter table workspaces add column arm_options  jsonb;        -- null: the 2024-05-01 template
alter table workspaces add column metastore    text;         -- null until the step starts: IN_PROGRESS, DONE, NOT_NEEDED, FAILED: code
alter table workspaces add column metastore_at timestamptz;  -- when the step settled
alter table workspaces add column metastore_id text;         -- the metastore the workspace has
