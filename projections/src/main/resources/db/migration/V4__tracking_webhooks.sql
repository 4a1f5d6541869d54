-- The account's defaults for new emails, and how many webhook endpoints it has (none: the
-- webhook outbox has nothing to do for its events).
ALTER TABLE rm_accounts
    ADD COLUMN track_opens  BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN track_clicks BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN webhooks     INT NOT NULL DEFAULT 0;

-- A tracked email's copy per recipient (its links and pixel carry that recipient's tokens).
-- Untracked emails have one copy for all, in email_contents.
CREATE TABLE email_recipient_contents (
    email_id  TEXT NOT NULL,
    recipient TEXT NOT NULL,
    mime      BYTEA NOT NULL,
    PRIMARY KEY (email_id, recipient)
);

-- Read model: webhook endpoints (read-your-writes). The signing secret is not here.
CREATE TABLE rm_webhooks (
    webhook_id  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    url         TEXT NOT NULL,
    event_types TEXT[] NOT NULL,
    enabled     BOOLEAN NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX rm_webhooks_account ON rm_webhooks (account_id, created_at);

-- Not a read model: each endpoint's signing secret, AES-GCM encrypted with the node's key.
CREATE TABLE webhook_secrets (
    webhook_id       TEXT PRIMARY KEY,
    encrypted_secret BYTEA NOT NULL
);

-- The webhook outbox: one row per (event, endpoint), written in the transaction of the event.
-- event_id is the webhook-id header, the same on every attempt; payload is the exact body sent.
CREATE TABLE webhook_deliveries (
    delivery_id     TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    leased_until    TIMESTAMPTZ,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC);

CREATE TABLE webhook_attempts (
    delivery_id   TEXT NOT NULL,
    attempt       INT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    response_code INT,
    error         TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
