-- Read model: server tokens (read-your-writes, updated in the transaction of the event append).
-- Only the SHA-256 of a token is stored. allowed_networks are canonical CIDR texts, as recorded in
-- the ledger (cast to cidr where networks are compared).
CREATE TABLE rm_server_tokens (
    token_id         TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL,
    name             TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    hint             TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ,
    allowed_networks TEXT[] NOT NULL,
    revoked_at       TIMESTAMPTZ,
    expired_at       TIMESTAMPTZ
);
CREATE INDEX rm_server_tokens_account ON rm_server_tokens (account_id, created_at);
CREATE INDEX rm_server_tokens_expiring ON rm_server_tokens (expires_at)
    WHERE revoked_at IS NULL AND expired_at IS NULL AND expires_at IS NOT NULL;
CREATE INDEX rm_server_tokens_with_networks ON rm_server_tokens (created_at)
    WHERE revoked_at IS NULL AND expired_at IS NULL AND cardinality(allowed_networks) > 0;

-- Usage telemetry, written in batches by the service; not a ledger fact, so not rebuilt by replay.
CREATE TABLE server_token_usage (
    token_id     TEXT PRIMARY KEY,
    last_used_at TIMESTAMPTZ NOT NULL
);

-- Who sent each email: the actor in its EmailQueued's metadata (an API key, a server token, a
-- dashboard user, or the system). Emails queued before this migration keep null until a replay.
-- No index of its own: a sender's list reads the account's emails newest first (its index) and
-- filters, and every email written pays for each index.
ALTER TABLE rm_emails ADD COLUMN sent_by_type TEXT, ADD COLUMN sent_by_id TEXT;
