-- A canonical hash of each plan's changes (plans.Digest), which an apply from a pull request
-- compares with the plan's at apply time instead of the rendered text. '' for the plans
-- recorded before: applying one of those asks for a new plan.

-- +goose Up
ALTER TABLE agent_plans ADD COLUMN changes_digest text NOT NULL DEFAULT '';
