-- Clinical tables of published versions (docs/versions.md, docs/clinical.md). A version refers to a snapshot: a
-- copy of the collection's clinical table (V8) as it was at publication, in the same shape keyed by snapshot_id.
-- Snapshots are shared: publishing copies the table only when no earlier snapshot of the collection has the same
-- content (sha256), so versions that leave the table alone cost one column each.
CREATE SEQUENCE clinical_snapshot_seq START WITH 1 INCREMENT BY 1;
CREATE TABLE clinical_snapshot (
    snapshot_id     BIGINT       PRIMARY KEY,
    collection_id   BIGINT       NOT NULL REFERENCES collection (id),
    level           VARCHAR(8)   NOT NULL,
    row_count       INTEGER      NOT NULL,
    sha256          VARCHAR(64)  NOT NULL,
    imported_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT clinical_snapshot_content UNIQUE (collection_id, sha256)
);

CREATE TABLE clinical_snapshot_column (
    snapshot_id     BIGINT       NOT NULL REFERENCES clinical_snapshot (snapshot_id),
    column_index    INTEGER      NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    value_type      VARCHAR(8)   NOT NULL,
    PRIMARY KEY (snapshot_id, column_index),
    CONSTRAINT clinical_snapshot_column_name UNIQUE (snapshot_id, name)
);

CREATE TABLE clinical_snapshot_row (
    snapshot_id         BIGINT       NOT NULL REFERENCES clinical_snapshot (snapshot_id),
    row_index           INTEGER      NOT NULL,
    patient_id          VARCHAR(64)  NOT NULL,
    study_instance_uid  VARCHAR(64),
    PRIMARY KEY (snapshot_id, row_index)
);
CREATE INDEX clinical_snapshot_row_patient ON clinical_snapshot_row (snapshot_id, patient_id, study_instance_uid);

CREATE TABLE clinical_snapshot_value (
    snapshot_id     BIGINT           NOT NULL,
    row_index       INTEGER          NOT NULL,
    column_index    INTEGER          NOT NULL,
    text_value      VARCHAR(512)     NOT NULL,
    number_value    DOUBLE PRECISION,
    PRIMARY KEY (snapshot_id, row_index, column_index),
    CONSTRAINT clinical_snapshot_value_row FOREIGN KEY (snapshot_id, row_index)
        REFERENCES clinical_snapshot_row (snapshot_id, row_index)
);
CREATE INDEX clinical_snapshot_value_text ON clinical_snapshot_value (snapshot_id, column_index, text_value);
CREATE INDEX clinical_snapshot_value_number ON clinical_snapshot_value (snapshot_id, column_index, number_value);

-- Null: the collection had no clinical table when the version was published (or the version predates V13; its
-- archives never carried clinical.csv and still do not).
ALTER TABLE collection_version ADD COLUMN clinical_snapshot_id BIGINT;
ALTER TABLE collection_version ADD CONSTRAINT collection_version_clinical
    FOREIGN KEY (clinical_snapshot_id) REFERENCES clinical_snapshot (snapshot_id);
