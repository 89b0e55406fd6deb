-- Several instances of workspace-service: each deployment is followed by one instance at a time, under the lease
-- deploy:<workspace> (common's Leases, ShedLock's JDBC provider on the database's clock), and taken over by another
-- once the lease of an instance that stopped expired.
-- timestamp without time zone: ShedLock writes UTC with timezone('utc', CURRENT_TIMESTAMP).
create table shedlock (
    name       text primary key,
    lock_until timestamp not null,
    locked_at  timestamp not null,
    locked_by  text      not null
);

-- When the deployment's PUT was sent (null: not yet in this round). With no status_url recorded, a PUT sent may still
-- have been accepted: the instance taking the deployment over reads ARM's deployment first instead of PUTting again.
alter table workspaces add column put_sent_at timestamptz;
