-- The emails projection keeps how far it got in each email's events in the email's own row (the
-- sequence number of the last of the email's events it applied), so that each event is one
-- statement that checks and moves it, instead of a look-up and an upsert of rm_positions besides.
ALTER TABLE rm_emails ADD COLUMN sequence_number BIGINT NOT NULL DEFAULT 0;
UPDATE rm_emails e SET sequence_number = p.sequence_number
    FROM rm_positions p WHERE p.projection = 'emails' AND p.aggregate_id = e.email_id;
DELETE FROM rm_positions WHERE projection = 'emails';
