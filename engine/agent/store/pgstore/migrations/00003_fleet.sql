-- Fleets: claims make one agent start the run a trigger asks for (a
-- webhook delivered to several agents, the same commit polled by each);
-- leases say which agent runs a stack now (the lock itself is a
-- session-level advisory lock, which goes with a dead agent's connection).

-- +goose Up
CREATE TABLE agent_claims (
    key   text PRIMARY KEY,
    agent text        NOT NULL,
    at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_claims_at ON agent_claims (at);

CREATE TABLE agent_leases (
    stack text PRIMARY KEY,
    agent text        NOT NULL,
    since timestamptz NOT NULL
);
