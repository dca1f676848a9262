// Package benchdriver measures trueup (and, for comparison, Terraform) on
// generated stacks of N null_resources: it writes the stack, runs the
// tool's binary as a child process for each case (apply from empty, no-op
// plan with and without refresh, a one-resource change, destroy), and
// records the wall time, the child's peak resident memory (ru_maxrss), the
// bytes it wrote and the size of the state. Results print as a table and
// serialise as JSON, so that two commits, or trueup and Terraform, can be
// compared. `make bench` runs it through cmd/trueup-bench.
//
// It imports nothing of trueup: it drives binaries, as a user would.
package benchdriver
