-- SMTP submission.

-- The way each email came in: api (HTTP), smtp (submission) or system (Postject's own mail).
-- Every email before this version came in over HTTP.
ALTER TABLE rm_emails ADD COLUMN source TEXT NOT NULL DEFAULT 'api';
UPDATE rm_emails SET source = 'system' WHERE system;

-- The Message-ID of each stored message (a submitting client's own, or one Postject assigned), so
-- that a message Postject delivered can be told apart from any other by what was stored. Postject
-- assigned every one so far: <email id@the sender's domain>.
ALTER TABLE email_contents ADD COLUMN message_id TEXT;
UPDATE email_contents SET message_id = '<' || email_id || '@' || split_part(envelope_from, '@', 2) || '>';
CREATE INDEX email_contents_message_id ON email_contents (message_id);
