// Package web serves the agent's dashboard and JSON API: the stacks with
// their commit, last run and drift status, the run history, and each run
// with its plan and log, and each artifact's position along the promotion
// stages (artifacts.go). Pages are server-rendered html/template with an
// embedded stylesheet and no JavaScript; their ids and classes are stable
// for browser tests (docs/agent.md lists them).
//
// It reads the agent through the Source and Artifacts interfaces it
// declares, and imports
// only the run history's vocabulary (store) and the standard library: never
// the engine or the agent's runtime.
package web
