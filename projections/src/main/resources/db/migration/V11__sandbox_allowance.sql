-- What is left of each sandbox account's rolling 24 h allowance, at least: set from an exact count
-- of its emails of the last 24 h, then taken down by each send in the send's own transaction (a
-- rollback gives it back). Emails only leave the window as time passes, so the room never
-- overstates; when it runs out, the send counts again. daily_limit is the limit it was counted
-- against: a changed limit counts again too.
CREATE TABLE sandbox_allowance (
    account_id  TEXT PRIMARY KEY,
    room        INTEGER NOT NULL,
    daily_limit INTEGER NOT NULL
);
