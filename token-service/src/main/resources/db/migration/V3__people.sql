-- Each person's last HR event that counted (common's HrEventOrder, the rule identity-service applies too): whether a
-- UserLeft revokes anything is decided from it, so that both services agree on whether a person has left.
create table people (
    employee_id text        primary key,
    last_type   text        not null check (last_type in ('UserJoined', 'UserMoved', 'UserLeft')),
    occurred_at timestamptz not null,   -- that event's occurredAt
    has_left    boolean     not null,   -- a UserLeft counted and no later UserJoined (a move keeps it)
    updated_at  timestamptz not null default now()
);
