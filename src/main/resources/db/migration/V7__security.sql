-- API tokens with per-collection grants, the audit log, and the MISSING status of the consistency check.

-- Only the SHA-256 of a token's secret is kept; the secret is shown once, when the token is created.
-- Revoked tokens keep their row so that audit entries naming them stay meaningful.
CREATE SEQUENCE api_token_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE api_token (
    id              BIGINT PRIMARY KEY,
    name            VARCHAR(128) NOT NULL,
    secret_sha256   CHAR(64)     NOT NULL UNIQUE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE,
    revoked_at      TIMESTAMP WITH TIME ZONE
);

-- permission: READ (see a restricted collection) or UPLOAD (STOW-RS into the collection).
CREATE TABLE api_token_grant (
    token_id        BIGINT      NOT NULL REFERENCES api_token (id),
    collection_id   BIGINT      NOT NULL REFERENCES collection (id),
    permission      VARCHAR(8)  NOT NULL,
    PRIMARY KEY (token_id, collection_id, permission)
);

-- actor: "admin", "token:<id>:<name>" or "anonymous"; outcome: ok, failed or refused.
CREATE SEQUENCE audit_entry_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE audit_entry (
    id              BIGINT PRIMARY KEY,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    actor           VARCHAR(200)  NOT NULL,
    action          VARCHAR(32)   NOT NULL,
    target          VARCHAR(512),
    outcome         VARCHAR(16)   NOT NULL,
    detail          VARCHAR(1024)
);
CREATE INDEX audit_entry_at ON audit_entry (at, id);
