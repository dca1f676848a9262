-- The run history as the first release of the PostgreSQL store kept it.

-- +goose Up
CREATE TABLE agent_runs (
    id        bigserial PRIMARY KEY,
    stack     text        NOT NULL,
    kind      text        NOT NULL DEFAULT '',
    trigger   text        NOT NULL DEFAULT '',
    ref       text        NOT NULL DEFAULT '',
    commit    text        NOT NULL DEFAULT '',
    author    text        NOT NULL DEFAULT '',
    message   text        NOT NULL DEFAULT '',
    pr        integer     NOT NULL DEFAULT 0,
    outcome   text        NOT NULL,
    summary   jsonb       NOT NULL DEFAULT '{}',
    error     text        NOT NULL DEFAULT '',
    attempts  integer     NOT NULL DEFAULT 0,
    queued    timestamptz,
    started   timestamptz,
    finished  timestamptz
);

CREATE TABLE agent_plans (
    run_id  bigint PRIMARY KEY REFERENCES agent_runs (id) ON DELETE CASCADE,
    text    text  NOT NULL,
    json    bytea
);

CREATE TABLE agent_logs (
    seq     bigserial PRIMARY KEY,
    run_id  bigint      NOT NULL REFERENCES agent_runs (id) ON DELETE CASCADE,
    time    timestamptz,
    level   text        NOT NULL DEFAULT '',
    message text        NOT NULL DEFAULT ''
);
CREATE INDEX agent_logs_run ON agent_logs (run_id, seq);

CREATE TABLE agent_stacks (
    name   text PRIMARY KEY,
    status jsonb NOT NULL
);
