-- De-identification on ingest (docs/deidentification.md, "On ingest").

-- Instances that may show burned-in text are QUARANTINED (instance.status) unless the collection publishes them.
ALTER TABLE collection ADD COLUMN publish_burned_in BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE instance ALTER COLUMN status SET DATA TYPE VARCHAR(16);

-- The key of a collection's UID replacements, date shifts and patient hashes: made on first use, never changed
-- (a new secret would split later uploads from earlier ones) and never logged.
CREATE TABLE collection_secret (
    collection_id   BIGINT PRIMARY KEY REFERENCES collection (id),
    secret          BYTEA NOT NULL
);

-- Patient pseudonyms, keyed by HMAC(collection secret, original Patient ID); the original is never stored.
-- Both unique constraints let concurrent ingests allocate numbers without locks: the loser retries.
CREATE TABLE patient_pseudonym (
    collection_id   BIGINT      NOT NULL REFERENCES collection (id),
    keyed_hash      VARCHAR(64) NOT NULL,
    pseudonym       VARCHAR(64) NOT NULL,
    sequence_number INTEGER     NOT NULL,
    CONSTRAINT patient_pseudonym_hash UNIQUE (collection_id, keyed_hash),
    CONSTRAINT patient_pseudonym_number UNIQUE (collection_id, sequence_number)
);
