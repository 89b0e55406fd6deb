-- Who works on a workspace moves from lease columns of its own to the common Leases (ShedLock), one table for every
-- lease of the service: 'identity:<workspace>' while an instance works on it. Timestamps without time zone: ShedLock
-- writes UTC (timezone('utc', CURRENT_TIMESTAMP)), the database's clock.
create table shedlock (
    name            text primary key,
    lock_until      timestamp   not null,
    locked_at       timestamp   not null,
    locked_by       text        not null
);

alter table workspaces drop column lease_owner, drop column lease_until;
