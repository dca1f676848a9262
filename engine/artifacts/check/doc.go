// Package check compares each marked value with the newest build its
// artifact's policy selects: the answer `trueup artifacts list` prints and
// the agent's promotions start from. Digests are always resolved, so a
// tag that moved to other content is reported, never followed silently.
// It imports the artifacts vocabulary, config and marker only.
package check
