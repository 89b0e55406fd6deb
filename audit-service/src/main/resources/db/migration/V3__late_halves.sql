-- A call sealed without one of its halves (OUTCOME_UNKNOWN: its completion had not come; or a completion whose start
-- had not come) is completed, when the missing half arrives late, by one more record in the chain: the whole call,
-- naming in `amends` the record it completes. The first record stays as it was: the chain is append-only.
alter table audit_records add column amends bigint references audit_records (sequence);
alter table audit_records drop constraint audit_records_call_id_key;
-- still one record per call, plus at most one amendment: a redelivered late half never makes a third. call_id
-- leads, so the index also serves ingest's look-up of the calls already sealed (as the dropped unique one did).
create unique index audit_records_call on audit_records (call_id, (amends is not null));
