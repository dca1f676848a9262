// Package config loads the GitOps agent's configuration file: one HCL file
// with a server block, forge blocks (GitHub, GitLab), notify blocks and one
// block per stack. It checks it statically and reports every problem as a
// diagnostic with file, line and column. Secrets (forge tokens, webhook
// secrets) are never in the file: the file names environment variables and
// Load reads them.
//
// It is vocabulary for the agent: it imports hcl, cty, the cron parser and
// engine/artifacts/config (the artifact and stage blocks, another piece of
// vocabulary), never the engine's planner, the agent's runtime, a forge
// client or the CLI.
package config
