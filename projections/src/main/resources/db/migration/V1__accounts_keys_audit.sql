-- Write-side tables that are not the ledger: credentials never enter an event.
CREATE TABLE users (
    user_id       TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    account_id    TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE login_failures (
    email     TEXT NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email_time ON login_failures (email, failed_at);

-- Read model: accounts (read-your-writes, updated in the transaction of the event append).
CREATE TABLE rm_accounts (
    account_id    TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    mode          TEXT NOT NULL,
    owner_user_id TEXT NOT NULL,
    owner_email   TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX rm_accounts_created ON rm_accounts (created_at, account_id);

-- Read model: API key lookup (read-your-writes). Only the SHA-256 of a key is stored.
CREATE TABLE rm_api_keys (
    key_id     TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    hint       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    expired_at TIMESTAMPTZ
);
CREATE INDEX rm_api_keys_account ON rm_api_keys (account_id, created_at);
CREATE INDEX rm_api_keys_expiring ON rm_api_keys (expires_at)
    WHERE revoked_at IS NULL AND expired_at IS NULL AND expires_at IS NOT NULL;

-- Usage telemetry, written in batches by the service; not a ledger fact, so not rebuilt by replay.
CREATE TABLE api_key_usage (
    key_id       TEXT PRIMARY KEY,
    last_used_at TIMESTAMPTZ NOT NULL
);

-- Read model: the audit log, one row per ledger entry of an account.
CREATE TABLE rm_audit_log (
    global_index BIGINT PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    account_id   TEXT NOT NULL,
    type         TEXT NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor_type   TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    request_id   TEXT,
    client_ip    TEXT,
    data         JSONB NOT NULL
);
CREATE INDEX rm_audit_log_account ON rm_audit_log (account_id, global_index);
CREATE INDEX rm_audit_log_account_type ON rm_audit_log (account_id, type, global_index);
