-- The index: what QIDO-RS answers from and what WADO-RS resolves UIDs with.
-- Portable between H2 (MODE=PostgreSQL) and PostgreSQL. Sequences step by 50 to match Hibernate's allocation size.

CREATE SEQUENCE collection_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE study_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE series_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE instance_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE collection (
    id              BIGINT PRIMARY KEY,
    slug            VARCHAR(64)  NOT NULL UNIQUE,
    title           VARCHAR(512) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Patient attributes live on the study (one row per study), as QIDO returns them with it.
CREATE TABLE study (
    id                          BIGINT PRIMARY KEY,
    collection_id               BIGINT NOT NULL REFERENCES collection (id),
    study_instance_uid          VARCHAR(64) NOT NULL UNIQUE,
    patient_id                  VARCHAR(64),
    patient_name                VARCHAR(324),
    patient_name_search         VARCHAR(324),  -- upper case, for case-insensitive PN matching
    patient_birth_date          VARCHAR(8),
    patient_sex                 VARCHAR(16),
    study_date                  VARCHAR(8),
    study_time                  VARCHAR(16),
    accession_number            VARCHAR(16),
    study_id                    VARCHAR(16),
    study_description           VARCHAR(64),
    referring_physician_name    VARCHAR(324),
    referring_physician_search  VARCHAR(324),
    timezone_offset_from_utc    VARCHAR(5),
    modalities_in_study         VARCHAR(256),  -- backslash-separated, sorted; kept up to date on ingest
    number_of_series            INTEGER NOT NULL DEFAULT 0,
    number_of_instances         INTEGER NOT NULL DEFAULT 0,
    size_bytes                  BIGINT  NOT NULL DEFAULT 0,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX study_collection ON study (collection_id, study_date);
CREATE INDEX study_patient_id ON study (patient_id);
CREATE INDEX study_patient_name ON study (patient_name_search);
CREATE INDEX study_date_idx ON study (study_date);
CREATE INDEX study_accession ON study (accession_number);

CREATE TABLE series (
    id                              BIGINT PRIMARY KEY,
    study_id                        BIGINT NOT NULL REFERENCES study (id),
    series_instance_uid             VARCHAR(64) NOT NULL UNIQUE,
    modality                        VARCHAR(16),
    series_number                   INTEGER,
    series_description              VARCHAR(64),
    series_date                     VARCHAR(8),
    series_time                     VARCHAR(16),
    body_part_examined              VARCHAR(16),
    manufacturer                    VARCHAR(64),
    institution_name                VARCHAR(64),
    performed_procedure_start_date  VARCHAR(8),
    performed_procedure_start_time  VARCHAR(16),
    number_of_instances             INTEGER NOT NULL DEFAULT 0,
    size_bytes                      BIGINT  NOT NULL DEFAULT 0,
    updated_at                      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX series_study ON series (study_id, series_number);
CREATE INDEX series_modality ON series (modality);

-- status: PENDING while the object is being written, STORED once object and metadata are committed.
CREATE TABLE instance (
    id                  BIGINT PRIMARY KEY,
    series_id           BIGINT NOT NULL REFERENCES series (id),
    sop_instance_uid    VARCHAR(64) NOT NULL UNIQUE,
    sop_class_uid       VARCHAR(64) NOT NULL,
    instance_number     INTEGER,
    rows_count          INTEGER,
    columns_count       INTEGER,
    bits_allocated      INTEGER,
    number_of_frames    INTEGER,
    content_date        VARCHAR(8),
    content_time        VARCHAR(16),
    transfer_syntax_uid VARCHAR(64) NOT NULL,
    object_key          VARCHAR(128) NOT NULL,
    size_bytes          BIGINT NOT NULL,
    sha256              CHAR(64) NOT NULL,
    crc32               BIGINT NOT NULL,
    frame_ranges        BYTEA,   -- pixel data frame locations, see index.FrameRanges
    metadata_gz         BYTEA, -- precomputed DICOM JSON (gzip), BulkDataURIs relative to the instance
    status              VARCHAR(8) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX instance_series ON instance (series_id, instance_number);
CREATE INDEX instance_sop_class ON instance (sop_class_uid);

INSERT INTO collection (id, slug, title, created_at)
VALUES (nextval('collection_seq'), 'default', 'Default collection', CURRENT_TIMESTAMP);
