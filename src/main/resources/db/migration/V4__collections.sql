-- Collections as published datasets (DOI, license, access, de-identification) and the expert labels on their studies.

-- doi_key: the DOI with ASCII letters upper-cased, since DOIs compare case-insensitively (DOI Handbook 2.4).
ALTER TABLE collection ADD COLUMN doi                 VARCHAR(256);
ALTER TABLE collection ADD COLUMN doi_key             VARCHAR(256);
ALTER TABLE collection ADD COLUMN version             VARCHAR(64);
ALTER TABLE collection ADD COLUMN description         VARCHAR(16384);
ALTER TABLE collection ADD COLUMN citation            VARCHAR(4096);
ALTER TABLE collection ADD COLUMN license_name        VARCHAR(256);
ALTER TABLE collection ADD COLUMN license_url         VARCHAR(2048);
ALTER TABLE collection ADD COLUMN access              VARCHAR(16) DEFAULT 'PUBLIC' NOT NULL;
ALTER TABLE collection ADD COLUMN deid_profile        VARCHAR(16) DEFAULT 'NONE' NOT NULL;
ALTER TABLE collection ADD COLUMN deid_options        VARCHAR(256);  -- space-separated PS3.16 CID 7050 codes
ALTER TABLE collection ADD COLUMN updated_at          TIMESTAMP WITH TIME ZONE;
UPDATE collection SET updated_at = created_at;
ALTER TABLE collection ALTER COLUMN updated_at SET NOT NULL;
CREATE UNIQUE INDEX collection_doi_key ON collection (doi_key);

UPDATE collection
SET description = 'Studies stored through /dicomweb without naming a collection.'
WHERE slug = 'default' AND description IS NULL;

-- One row per (collection, level, UID, label, reader): re-importing a file updates values in place.
-- UIDs need not be in the index yet; labels often arrive before their images. reader is '' when not given.
CREATE SEQUENCE label_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE label (
    id              BIGINT PRIMARY KEY,
    collection_id   BIGINT       NOT NULL REFERENCES collection (id),
    level           VARCHAR(8)   NOT NULL,
    uid             VARCHAR(64)  NOT NULL,
    label           VARCHAR(128) NOT NULL,
    label_value     VARCHAR(4096),
    reader          VARCHAR(128) NOT NULL,
    CONSTRAINT label_identity UNIQUE (collection_id, level, uid, label, reader)
);
-- Filtering by label name: the name first, then the UID the study, series or instance joins on.
CREATE INDEX label_by_name ON label (collection_id, label, level, uid);
