-- Clinical variables (docs/clinical.md): one table per collection, a row per patient or per study, a cell per value.
-- Rows and columns are numbered in the table's canonical order, so the same import always stores the same rows.

-- One per collection that has a table. level: PATIENT (keyed by Patient ID) or STUDY (Patient ID and Study UID).
-- sha256 is over the canonical table: a re-import of the same content changes nothing.
CREATE TABLE clinical_table (
    collection_id   BIGINT       PRIMARY KEY REFERENCES collection (id),
    level           VARCHAR(8)   NOT NULL,
    row_count       INTEGER      NOT NULL,
    sha256          VARCHAR(64)  NOT NULL,
    imported_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- value_type: NUMBER, DATE, CATEGORY or TEXT, inferred at import.
CREATE TABLE clinical_column (
    collection_id   BIGINT       NOT NULL REFERENCES collection (id),
    column_index    INTEGER      NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    value_type      VARCHAR(8)   NOT NULL,
    PRIMARY KEY (collection_id, column_index),
    CONSTRAINT clinical_column_name UNIQUE (collection_id, name)
);

-- patient_id is what the study table holds: the collection's pseudonym when it de-identifies, never the original.
CREATE TABLE clinical_row (
    collection_id       BIGINT       NOT NULL REFERENCES collection (id),
    row_index           INTEGER      NOT NULL,
    patient_id          VARCHAR(64)  NOT NULL,
    study_instance_uid  VARCHAR(64),
    PRIMARY KEY (collection_id, row_index)
);
-- A study finds its rows by (collection, Patient ID), as QIDO, manifests and archives filter studies.
CREATE INDEX clinical_row_patient ON clinical_row (collection_id, patient_id, study_instance_uid);

-- Empty cells have no row. number_value: the number of a NUMBER cell, the epoch day of a DATE cell; comparisons
-- use it. text_value is at most 512 characters, so the index entry stays within PostgreSQL's B-tree limit.
CREATE TABLE clinical_value (
    collection_id   BIGINT           NOT NULL,
    row_index       INTEGER          NOT NULL,
    column_index    INTEGER          NOT NULL,
    text_value      VARCHAR(512)     NOT NULL,
    number_value    DOUBLE PRECISION,
    PRIMARY KEY (collection_id, row_index, column_index),
    CONSTRAINT clinical_value_row FOREIGN KEY (collection_id, row_index) REFERENCES clinical_row (collection_id, row_index)
);
CREATE INDEX clinical_value_text ON clinical_value (collection_id, column_index, text_value);
CREATE INDEX clinical_value_number ON clinical_value (collection_id, column_index, number_value);
