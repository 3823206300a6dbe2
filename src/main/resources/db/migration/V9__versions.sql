-- Immutable collection versions, removal from the current content and withdrawals (docs/versions.md).

-- A published version: its number within the collection, and the collection metadata its manifests and archives
-- show, copied at publication so that they never change. license_text and citation_bibtex are the archive's
-- LICENSE and CITATION files as rendered then.
CREATE SEQUENCE collection_version_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE collection_version (
    id                  BIGINT PRIMARY KEY,
    collection_id       BIGINT        NOT NULL REFERENCES collection (id),
    number              INTEGER       NOT NULL,
    published_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    doi                 VARCHAR(256),
    release_notes       VARCHAR(16384),
    title               VARCHAR(512)  NOT NULL,
    collection_doi      VARCHAR(256),
    license_name        VARCHAR(256),
    license_url         VARCHAR(2048),
    citation            VARCHAR(4096),
    license_text        VARCHAR(32768) NOT NULL,
    citation_bibtex     VARCHAR(32768) NOT NULL,
    CONSTRAINT collection_version_number UNIQUE (collection_id, number)
);

-- An admin's withdrawal (e.g. PHI found): the note every affected version shows beside its tombstones.
CREATE SEQUENCE version_withdrawal_seq START WITH 1 INCREMENT BY 1;
CREATE TABLE version_withdrawal (
    id                  BIGINT PRIMARY KEY,
    collection_id       BIGINT        NOT NULL REFERENCES collection (id),
    withdrawn_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    note                VARCHAR(4096) NOT NULL
);

-- One instance content (its object) in the versions first_version .. end_version - 1; end_version is null while
-- the latest version holds it. A row is shared by every version in its range, so publishing adds only what changed.
-- withdrawal_id set: the object was deleted and the row is a tombstone in every version of its range.
-- Rows are inserted by set-based SQL only (INSERT ... SELECT), hence the plain sequence (withdrawals too).
CREATE SEQUENCE version_instance_seq START WITH 1 INCREMENT BY 1;
CREATE TABLE version_instance (
    id                  BIGINT PRIMARY KEY,
    collection_id       BIGINT        NOT NULL REFERENCES collection (id),
    first_version       INTEGER       NOT NULL,
    end_version         INTEGER,
    patient_id          VARCHAR(64),
    study_instance_uid  VARCHAR(64)   NOT NULL,
    series_instance_uid VARCHAR(64)   NOT NULL,
    sop_instance_uid    VARCHAR(64)   NOT NULL,
    modality            VARCHAR(16),
    object_key          VARCHAR(128)  NOT NULL,
    size_bytes          BIGINT        NOT NULL,
    sha256              CHAR(64)      NOT NULL,
    crc32               BIGINT        NOT NULL,
    withdrawal_id       BIGINT REFERENCES version_withdrawal (id)
);
CREATE INDEX version_instance_range ON version_instance (collection_id, first_version, end_version);
CREATE INDEX version_instance_study ON version_instance (collection_id, study_instance_uid);
CREATE INDEX version_instance_series ON version_instance (collection_id, series_instance_uid);
CREATE INDEX version_instance_sop ON version_instance (collection_id, sop_instance_uid);
-- Whether an object may be deleted: no instance row and no version row that is not a tombstone points at it.
CREATE INDEX version_instance_object_key ON version_instance (object_key);
