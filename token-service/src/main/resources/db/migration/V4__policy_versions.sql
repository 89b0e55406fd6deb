-- Several instances of token-service: the newest token policy wins. Each WorkspaceReady older than the one recorded
-- changes nothing (ready_at); each recorded policy gets a new version, and applying it is recorded (APPLIED, FAILED)
-- only for the version that was applied, so a policy recorded meanwhile stays PENDING and is applied after it. Policies
-- are written under the lease policy:<workspace> (common's Leases, table shedlock).
alter table workspaces add column ready_at timestamptz;                   -- the occurredAt of the WorkspaceReady recorded
alter table workspaces add column policy_version bigint not null default 0;
