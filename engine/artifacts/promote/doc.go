// Package promote turns a newer build into a git change on the
// configuration repository: it clones the branch, rewrites the markers of
// one stage's directories to the newest matching build, commits, and pushes
// either straight to the branch or to a promotion branch with a pull
// request that a newer build updates rather than duplicates. It also keeps
// the ledger of digests seen per tag, so that a tag moved to other content
// stops the promotion instead of being followed.
//
// It imports the artifacts vocabulary, check, marker and the forge
// clients' PullRequest type; never the agent, the planner or the CLI.
package promote
