-- Fleets: each run says which agent recorded it; per-stack listing and
-- pruning, and finding an agent's unfinished runs, use indexes.

-- +goose Up
ALTER TABLE agent_runs ADD COLUMN agent text NOT NULL DEFAULT '';
CREATE INDEX agent_runs_stack ON agent_runs (stack, id DESC);
CREATE INDEX agent_runs_unfinished ON agent_runs (agent) WHERE outcome IN ('queued', 'running');
