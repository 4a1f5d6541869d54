-- Sending stats (the stats projection, a streaming processor): what it knows of each email (its
-- account and tag, and how far it got in the email's events: the sequence number of the last one
-- it counted, so an event seen again, by a restart or over a model that was not reset, is not
-- counted twice), and the counts per account, UTC hour and tag ('' is untagged).
CREATE TABLE rm_stats_emails (
    email_id        TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL,
    tag             TEXT NOT NULL,
    sequence_number BIGINT NOT NULL
);

CREATE TABLE rm_stats_hourly (
    account_id           TEXT NOT NULL,
    hour                 TIMESTAMPTZ NOT NULL,
    tag                  TEXT NOT NULL,
    sent                 BIGINT NOT NULL DEFAULT 0,
    delivered            BIGINT NOT NULL DEFAULT 0,
    deferred             BIGINT NOT NULL DEFAULT 0,
    bounced_hard         BIGINT NOT NULL DEFAULT 0,
    bounced_soft         BIGINT NOT NULL DEFAULT 0,
    bounced_block        BIGINT NOT NULL DEFAULT 0,
    bounced_undetermined BIGINT NOT NULL DEFAULT 0,
    complained           BIGINT NOT NULL DEFAULT 0,
    opened               BIGINT NOT NULL DEFAULT 0,
    clicked              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, hour, tag)
);

-- Each account's last sends (one row per recipient sent to), a ring of a fixed number of slots:
-- the send number modulo the ring's size names the slot a send takes over. Its flags say whether
-- that send bounced hard or drew a complaint.
CREATE TABLE rm_stats_recent_sends (
    account_id   TEXT NOT NULL,
    slot         INT NOT NULL,
    email_id     TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    hard_bounced BOOLEAN NOT NULL DEFAULT FALSE,
    complained   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (account_id, slot)
);
CREATE INDEX rm_stats_recent_sends_email ON rm_stats_recent_sends (email_id, recipient);

-- Per account: how many sends it made in all (the next slot is sends modulo the ring's size), the
-- hard bounces and complaints among those in the ring, whether it was in production mode at its
-- last send, and whether each rate is over its threshold already (the reputation guard fires once
-- per crossing, and is re-armed when the rate falls back below).
CREATE TABLE rm_stats_reputation (
    account_id        TEXT PRIMARY KEY,
    production        BOOLEAN NOT NULL DEFAULT FALSE,
    sends             BIGINT NOT NULL DEFAULT 0,
    bounces           INT NOT NULL DEFAULT 0,
    complaints        INT NOT NULL DEFAULT 0,
    bounce_at_risk    BOOLEAN NOT NULL DEFAULT FALSE,
    complaint_at_risk BOOLEAN NOT NULL DEFAULT FALSE
);
