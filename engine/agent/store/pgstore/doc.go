// Package pgstore keeps the agent's run history and per-stack status in
// PostgreSQL, for a fleet of agents that share one history: the same
// records as package store (its bbolt implementation for one machine),
// in tables whose schema is created and upgraded on Open by versioned,
// forward-only migrations (migrations/*.sql, applied by goose under a
// PostgreSQL advisory lock so that agents starting together migrate
// once).
//
// Each Store is opened with its agent's id: runs it creates carry it,
// and MarkInterrupted only touches that agent's runs, never those other
// agents of the fleet are running.
//
// It is a storage package: it imports package store (the record types),
// pgx, goose and the standard library, never the engine, the agent's
// runtime or the web UI.
package pgstore
