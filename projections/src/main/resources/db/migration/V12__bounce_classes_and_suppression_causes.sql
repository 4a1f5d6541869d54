-- Bounces are classified (hard, soft, block, undetermined) and only some suppress.

-- Write side: each address's soft (and undetermined) bounces, counted by every node toward the
-- soft-bounce limit. One row per bounced email; rows older than the window are pruned as new ones come.
CREATE TABLE soft_bounces (
    account_id TEXT NOT NULL,
    email_key  TEXT NOT NULL,
    email_id   TEXT NOT NULL,
    bounced_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, email_key, email_id)
);

-- What caused a suppression: the bounce's type and subtype (null when no bounce did).
ALTER TABLE rm_suppressions ADD COLUMN bounce_type TEXT, ADD COLUMN subtype TEXT;
-- Before classification every 5xx suppressed, with the reason 'hard_bounce: <the reply>' (as the
-- event's upcaster reads it now).
UPDATE rm_suppressions SET reason = 'hard_bounce', bounce_type = 'undetermined', subtype = 'other'
    WHERE reason LIKE 'hard\_bounce:%';

-- Each recipient's bounce and complaint, as GET /v1/emails/{id} shows them.
ALTER TABLE rm_email_recipients
    ADD COLUMN bounce_type         TEXT,
    ADD COLUMN bounce_subtype      TEXT,
    ADD COLUMN bounce_status       TEXT,
    ADD COLUMN bounce_response     TEXT,
    ADD COLUMN bounce_asynchronous BOOLEAN,
    ADD COLUMN bounced_at          TIMESTAMPTZ,
    ADD COLUMN complaint_type      TEXT,
    ADD COLUMN complained_at       TIMESTAMPTZ;
-- Bounces recorded before classification: undetermined, synchronous, with the reply of their timeline entry.
UPDATE rm_email_recipients r SET bounce_type = 'undetermined', bounce_subtype = 'other',
    bounce_response = e.detail, bounce_asynchronous = FALSE, bounced_at = e.at
    FROM rm_email_events e
    WHERE r.status = 'bounced' AND e.email_id = r.email_id AND e.recipient = r.recipient AND e.type = 'bounced';
