-- The engine's dependency graph reduced to resources, kept with each plan so that the
-- dashboard draws edges that go through locals (the JSON plan does not describe them).
-- NULL for the plans recorded before.

-- +goose Up
ALTER TABLE agent_plans ADD COLUMN graph jsonb;
