-- Who works on a workspace of a sweep is a lease now (common's Leases, ShedLock's JDBC provider on the database's
-- clock): sweep:<workspace> while an instance sweeps it, sweep-schedule for the scheduled sweep of an interval. The
-- sweep rows keep the progress and outcome; claimed_by stays as the instance that took a row last.
create table shedlock (
    name       text primary key,
    lock_until timestamp not null,   -- without time zone: ShedLock writes UTC with timezone('utc', CURRENT_TIMESTAMP)
    locked_at  timestamp not null,
    locked_by  text      not null
);

-- the claims' heartbeat is the lease's now
alter table sweep_workspaces drop column heartbeat;
