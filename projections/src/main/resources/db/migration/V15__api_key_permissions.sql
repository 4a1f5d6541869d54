-- API key permissions (issue 17): what a key may do, and the one domain a sending key may send from.
-- Every key before this was a full-access key with no domain (as ApiKeyCreated revision 1 upcasts).
ALTER TABLE rm_api_keys
    ADD COLUMN permission TEXT NOT NULL DEFAULT 'full_access',
    ADD COLUMN domain_id  TEXT,
    ADD COLUMN domain     TEXT;
