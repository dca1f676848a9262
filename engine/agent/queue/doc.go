// Package queue runs the agent's jobs: one job per stack at a time (later
// jobs wait behind it, and a job whose key is already waiting is coalesced
// into it), at most a fixed number of jobs at once over all stacks, each
// attempt under a timeout. A job that says "retry" (its state lock is held
// elsewhere) is tried again after a growing delay, keeping its stack's turn.
// Shutdown cancels running jobs' contexts, waits for them to return, and
// drops what was still waiting.
//
// It knows nothing about stacks' contents, git or the engine: it imports
// only the standard library, go-hclog and internal/retry.
package queue
