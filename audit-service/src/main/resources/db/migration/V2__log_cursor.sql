-- The last sequence republished on bricklayer.audit.log: records sealed but not yet republished (a stop between the
-- two) are republished after a restart, so the log topic misses nothing (at least once; readers dedupe by sequence).
create table log_cursor (
    id        integer primary key check (id = 1),
    sequence  bigint  not null
);
insert into log_cursor values (1, 0);
