-- Whether an operator paused the account's sending (and why, since when), and the latest warning
-- that its bounce or complaint rate crossed a threshold. Read on every send through the cached
-- account view, so the pause costs no query of its own.
ALTER TABLE rm_accounts
    ADD COLUMN sending_paused  BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN paused_reason   TEXT,
    ADD COLUMN paused_at       TIMESTAMPTZ,
    ADD COLUMN risk_metric     TEXT,
    ADD COLUMN risk_rate       DOUBLE PRECISION,
    ADD COLUMN risk_threshold  DOUBLE PRECISION,
    ADD COLUMN risk_sends      INTEGER,
    ADD COLUMN risk_at         TIMESTAMPTZ;

-- The operators' filters: accounts paused, accounts warned about.
CREATE INDEX rm_accounts_paused ON rm_accounts (created_at, account_id) WHERE sending_paused;
CREATE INDEX rm_accounts_at_risk ON rm_accounts (created_at, account_id) WHERE risk_at IS NOT NULL;
