-- Rate limits shared by every node: one row per counted use of a bucket (a login attempt, a
-- confirmation mail to an address or from an account, a sign-up from a client address). Counted
-- under a transaction-scoped advisory lock per bucket; rows are deleted once past expires_at, the
-- end of the longest window that counts them.
CREATE TABLE rate_limit_hits (
    bucket     TEXT NOT NULL,
    hit_at     TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limit_hits_bucket_time ON rate_limit_hits (bucket, hit_at);
CREATE INDEX rate_limit_hits_expiry ON rate_limit_hits (expires_at);

-- Failed logins are counted in rate_limit_hits now.
DROP TABLE login_failures;
