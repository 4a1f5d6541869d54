-- API and SMTP rate limits shared by every node: one row per bucket (an account's or a
-- credential's sends or requests) and fixed window. Nodes lease chunks of a window's quota with one
-- upsert that never grants past the limit; granted is what all nodes together have taken, and
-- last_grant what the latest lease got. Rows are deleted once past expires_at (the window's end).
CREATE TABLE rate_limit_windows (
    bucket       TEXT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    granted      INTEGER NOT NULL,
    last_grant   INTEGER NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_windows_expiry ON rate_limit_windows (expires_at);
