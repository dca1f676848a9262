-- Access control: API tokens (only their SHA-256), the audit trail, and
-- who asked for a manual run.

-- +goose Up
ALTER TABLE agent_runs ADD COLUMN requested_by text NOT NULL DEFAULT '';

CREATE TABLE agent_tokens (
    id        text PRIMARY KEY,
    name      text        NOT NULL DEFAULT '',
    scope     text        NOT NULL,
    hash      bytea       NOT NULL,
    creator   text        NOT NULL DEFAULT '',
    created   timestamptz,
    expires   timestamptz,
    last_used timestamptz,
    revoked   timestamptz
);

CREATE TABLE agent_audit (
    id        bigserial PRIMARY KEY,
    time      timestamptz,
    principal text   NOT NULL DEFAULT '',
    action    text   NOT NULL DEFAULT '',
    target    text   NOT NULL DEFAULT '',
    outcome   text   NOT NULL DEFAULT '',
    detail    text   NOT NULL DEFAULT '',
    remote    text   NOT NULL DEFAULT '',
    run       bigint NOT NULL DEFAULT 0
);
