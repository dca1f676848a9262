// Package store keeps the agent's run history and per-stack status in a
// bbolt database in the data directory, so that they survive restarts: each
// run's trigger, commit, author, message, pull request, plan (rendered text
// and JSON, already redacted by the caller), summary counts, outcome,
// timestamps and log. Prune bounds each stack's history (history_limit).
//
// It is a storage package: it imports bbolt and the standard library only,
// never the engine, the agent's runtime or the web UI. Callers redact
// secrets before handing text to it.
package store
