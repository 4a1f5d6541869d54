-- How far each read-your-writes projection got in each aggregate's events: the sequence number of
-- the last event of that aggregate it applied. An event at or below it was applied already (seen
-- twice, or late, or again in a replay over a model that was not reset) and is skipped as a whole,
-- so no write of a projection depends on seeing each event once and in order. A projection's reset
-- deletes its rows.
CREATE TABLE rm_positions (
    projection      TEXT NOT NULL,
    aggregate_id    TEXT NOT NULL,
    sequence_number BIGINT NOT NULL,
    PRIMARY KEY (projection, aggregate_id)
);

-- An account's webhook endpoints are counted in rm_webhooks when the account is read: a counter
-- moved by one per event counted an event seen twice twice.
ALTER TABLE rm_accounts DROP COLUMN webhooks;
