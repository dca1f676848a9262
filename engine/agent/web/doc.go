// Package web serves the agent's dashboard and JSON API: the stacks with
// their commit, last run and drift status; a page per stack with its last
// plan, apply and drift check, PR lock, dependency graph and drift
// timeline; each artifact's position along the promotion stages
// (artifacts.go); each run with its plan coloured by action and its log streamed
// live (server-sent events); the audit trail. Pages are server-rendered
// html/template with SVG drawn on the server, an embedded stylesheet and
// two small embedded scripts, under a content security policy; their ids
// and classes are stable for browser tests (docs/agent.md lists them,
// docs/agent-dashboard.md the design).
//
// It reads the agent through the Source and Artifacts interfaces it
// declares, and imports only the run history's vocabulary (store), the
// page renderer (htmlpage, docs/binary-size.md) and the standard library:
// never the engine or the agent's runtime.
package web
