// Package source fetches a stack's configuration from a git repository: it
// keeps a local cache of clones (fetched, not re-cloned; shallow where a
// branch or tag is asked for), resolves a ref (branch, tag, full ref such as
// refs/pull/12/head, or a full or abbreviated commit SHA) to a commit, and
// materialises that commit as a read-only-by-convention directory tree per
// commit, so that runs at different commits never share a working tree.
// ChangedPaths tells which files a pull request or push touched.
//
// Transports are those of go-git: file:// and plain paths (through the
// git-upload-pack binary), https with a token or basic auth, ssh with a key
// file or the agent, and git://. Errors name the repository with any
// credentials stripped; tokens and passwords never reach errors or logs.
//
// It imports only the standard library, go-git (and the x/crypto ssh package
// go-git builds on) and go-hclog: never the planner, the CLI or a provider.
// Its rules are written down in docs/git-source.md.
package source
