-- Leases shared by every instance of security-service (common's Leases, ShedLock's JDBC provider on the database's
-- clock): drift:<workspace> gives each workspace one drift pass per drift-interval across all instances.
-- timestamp without time zone: ShedLock writes UTC with timezone('utc', CURRENT_TIMESTAMP).
create table shedlock (
    name       text primary key,
    lock_until timestamp not null,
    locked_at  timestamp not null,
    locked_by  text      not null
);
