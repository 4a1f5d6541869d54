-- Read model: sending domains (read-your-writes). The DKIM private key is not here: see domain_keys.
CREATE TABLE rm_domains (
    domain_id          TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    name               TEXT NOT NULL,
    status             TEXT NOT NULL,
    verification_token TEXT NOT NULL,
    dkim_selector      TEXT NOT NULL,
    dkim_public_key    TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    verified_at        TIMESTAMPTZ,
    UNIQUE (account_id, name)
);
CREATE INDEX rm_domains_status ON rm_domains (status, domain_id);

-- Read model: the production-access request and its prerequisites, beside the account's mode.
ALTER TABLE rm_accounts
    ADD COLUMN production_status       TEXT NOT NULL DEFAULT 'none',
    ADD COLUMN production_use_case     TEXT,
    ADD COLUMN production_website      TEXT,
    ADD COLUMN production_requested_at TIMESTAMPTZ,
    ADD COLUMN production_decided_at   TIMESTAMPTZ,
    ADD COLUMN production_reason       TEXT,
    ADD COLUMN sandbox_delivery        BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX rm_accounts_production ON rm_accounts (production_status, production_requested_at);

-- Not a read model: each domain's DKIM private key, encrypted (AES-GCM) with the node's key.
-- Written with the DomainAdded event, deleted with DomainRemoved; never in the ledger.
CREATE TABLE domain_keys (
    domain_id     TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    encrypted_key BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
