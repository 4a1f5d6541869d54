-- Read model: the sandbox whitelist (read-your-writes: the send path checks it).
CREATE TABLE rm_sandbox_emails (
    account_id       TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_key        TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
    added_at         TIMESTAMPTZ NOT NULL,
    confirmed_at     TIMESTAMPTZ,
    token_hash       TEXT,
    token_expires_at TIMESTAMPTZ,
    last_sent_at     TIMESTAMPTZ,
    PRIMARY KEY (account_id, email_key)
);
CREATE UNIQUE INDEX rm_sandbox_emails_token ON rm_sandbox_emails (token_hash);

-- Read model: per-account suppression list (read-your-writes).
CREATE TABLE rm_suppressions (
    account_id    TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    email_id      TEXT,
    suppressed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, email_key)
);

-- Read model: emails and their timelines (read-your-writes, so GET right after POST works).
CREATE TABLE rm_emails (
    email_id   TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    sender     TEXT NOT NULL,
    recipients JSONB NOT NULL,
    subject    TEXT NOT NULL,
    tag        TEXT,
    status     TEXT NOT NULL,
    system     BOOLEAN NOT NULL,
    sandbox    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rm_emails_account_created ON rm_emails (account_id, created_at DESC, email_id DESC);

CREATE TABLE rm_email_recipients (
    email_id  TEXT NOT NULL,
    recipient TEXT NOT NULL,
    status    TEXT NOT NULL,
    PRIMARY KEY (email_id, recipient)
);
CREATE INDEX rm_email_recipients_recipient ON rm_email_recipients (lower(recipient));

CREATE TABLE rm_email_events (
    seq       BIGSERIAL,
    event_id  TEXT PRIMARY KEY,
    email_id  TEXT NOT NULL,
    type      TEXT NOT NULL,
    recipient TEXT,
    at        TIMESTAMPTZ NOT NULL,
    detail    TEXT
);
CREATE INDEX rm_email_events_email ON rm_email_events (email_id, at, seq);

-- Write side: message content, outside the ledger so retention can delete it.
CREATE TABLE email_contents (
    email_id      TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    mime          BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Write side: one row per recipient still to be delivered. Workers lease rows with
-- FOR UPDATE SKIP LOCKED, so several nodes share the queue.
CREATE TABLE delivery_queue (
    id              BIGSERIAL PRIMARY KEY,
    email_id        TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    queued_at       TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    leased_by       TEXT,
    leased_until    TIMESTAMPTZ,
    UNIQUE (email_id, recipient)
);
CREATE INDEX delivery_queue_due ON delivery_queue (next_attempt_at);

-- Dispatching nodes and their heartbeats: a lease held by a node whose heartbeat stopped
-- (a crash) is taken over at once instead of waiting for it to run out.
CREATE TABLE delivery_nodes (
    node_id      TEXT PRIMARY KEY,
    heartbeat_at TIMESTAMPTZ NOT NULL
);

-- Idempotency keys of POST /v1/emails, kept 24 h per account.
CREATE TABLE idempotency_keys (
    account_id   TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INT NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, key)
);
