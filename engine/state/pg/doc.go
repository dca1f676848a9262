// Package pg is the "pg" state backend: a stack's state is one row of a
// PostgreSQL table, laid out, named and locked as Terraform's pg backend
// does, so that trueup and Terraform share state and exclude each other.
//
// Every workspace is a row (name, data) of SCHEMA.states, where SCHEMA
// defaults to terraform_remote_state; the table, its id sequence
// (public.global_states_id_seq) and its name index are created as
// Terraform creates them unless skip_*_creation says otherwise.
//
// The lock is a session-level advisory lock with Terraform's keys: the
// workspace row's id, or -1 while the row does not exist yet, so a lock
// goes away with the connection of a client that dies. trueup keeps the
// holder's lock information (who, what, since when, lease) in
// SCHEMA.trueup_state_locks, keyed by the holding session; a session that
// holds the advisory lock without such a row (Terraform) is described
// from pg_stat_activity. An expired lease is taken over by terminating
// the holder's session (pg_terminate_backend), which releases its lock.
//
// Writes are a compare-and-swap on the row in a transaction: the row is
// read FOR UPDATE and must still be the one this client last read or
// wrote, so a stale writer fails with state.ErrStale.
//
// The backend keeps a state journal (state.Journaler): an apply's
// intermediate writes are rows of SCHEMA.trueup_state_journal relative to
// the states row's id and content hash, replayed by Read in the same
// statement as the row and deleted by the whole Write in its transaction.
//
// docs/pg-backend.md describes the rules. The package imports the state
// vocabulary, the schema package (to declare its configuration block) and
// pgx only: never the planner, the executor, the CLI or a provider.
package pg
