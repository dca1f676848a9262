-- The agent for teams. Pull-request locks: a stack planned by an open pull request is locked
-- to it until it is merged, closed or unlocked.

-- +goose Up
CREATE TABLE agent_locks (
    stack text PRIMARY KEY,
    forge text NOT NULL DEFAULT '',
    repo  text NOT NULL DEFAULT '',
    pr    integer NOT NULL,
    url   text NOT NULL DEFAULT '',
    "user" text NOT NULL DEFAULT '',
    since timestamptz
);

-- The state a plan was made against, for the not_stale apply requirement.
ALTER TABLE agent_plans ADD COLUMN state_lineage text NOT NULL DEFAULT '';
ALTER TABLE agent_plans ADD COLUMN state_serial bigint NOT NULL DEFAULT 0;
