-- The budget every service and instance shares (dev.bricklayer.common.http.budget), migrated by every service alike.

-- Bucket4j's token buckets (PostgreSQLSelectForUpdateBasedProxyManager): one row per workspace and ARM subscription.
create table buckets (
    id    varchar(255) primary key,
    state bytea
);

-- SCIM slots of every workspace as ShedLock leases: scim:<host>:<slot>, held while a SCIM call is in flight.
create table scim_slots (
    name       varchar(255) primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
